// The MX lookup behind the MX_LOOKUP setting: does the domain accept mail at all?
// Uses the system resolver (or DNS_SERVERS), one try with a timeout per domain;
// DomainChecker adds the cache and the concurrency limit.
import { Resolver } from "node:dns/promises";
import type { CheckDomain, DomainCheckResult } from "./check-domains";

const OK: DomainCheckResult = { verdict: "ok" };

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

export function createMxLookup({ servers, timeoutMs }: { servers?: readonly string[]; timeoutMs: number }): CheckDomain {
  return async (domain, signal) => {
    // A resolver per lookup, so cancelling one on abort cancels nothing else.
    const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    if (servers && servers.length > 0) resolver.setServers([...servers]);
    const cancel = () => resolver.cancel();
    signal.addEventListener("abort", cancel, { once: true });
    try {
      const records = await resolver.resolveMx(domain);
      // RFC 7505 "null MX": a single record with exchange "." says the domain takes no mail.
      if (records.length === 1 && (records[0]?.exchange === "" || records[0]?.exchange === ".")) {
        return { verdict: "invalid", reason: "no_mail_server" };
      }
      if (records.length > 0) return OK;
      return await implicitMx(resolver, domain);
    } catch (error) {
      const code = errorCode(error);
      if (code === "ENOTFOUND") return { verdict: "invalid", reason: "domain_not_found" };
      // No MX records: RFC 5321 falls back to the domain's own address.
      if (code === "ENODATA") return await implicitMx(resolver, domain);
      return { verdict: "risky", reason: "domain_check_failed" };
    } finally {
      signal.removeEventListener("abort", cancel);
    }
  };
}

async function implicitMx(resolver: Resolver, domain: string): Promise<DomainCheckResult> {
  try {
    const addresses = await resolver.resolve4(domain);
    return addresses.length > 0 ? OK : { verdict: "invalid", reason: "no_mail_server" };
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENODATA" || code === "ENOTFOUND") return { verdict: "invalid", reason: "no_mail_server" };
    return { verdict: "risky", reason: "domain_check_failed" };
  }
}
