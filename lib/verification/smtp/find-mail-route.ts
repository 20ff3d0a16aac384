// Where to reach a domain's mail: its MX hosts by preference (the domain itself when it
// has none, RFC 5321 5.1), each resolved to an IPv4 address with the same resolvers,
// so the stage asks the servers our own DNS names. Never rejects.
import { isIP } from "node:net";
import { Resolver } from "node:dns/promises";
import type { UnknownCause } from "./mailbox-result";

export type MailRoute =
  | { readonly kind: "hosts"; readonly hosts: readonly { readonly name: string; readonly ip: string }[] }
  | { readonly kind: "none"; readonly cause: UnknownCause };

// Enough to get past one server that is down, few enough to keep a dead domain cheap.
const HOSTS_TRIED = 2;

export async function findMailRoute(domain: string, { servers, timeoutMs }: { servers?: readonly string[]; timeoutMs: number }): Promise<MailRoute> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (servers && servers.length > 0) resolver.setServers([...servers]);
  let names: string[];
  try {
    const records = await resolver.resolveMx(domain);
    names = records
      .filter((record) => record.exchange !== "" && record.exchange !== ".")
      .sort((a, b) => a.priority - b.priority)
      .map((record) => record.exchange);
    if (names.length === 0) return { kind: "none", cause: "no_mail_server" };
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
    if (code !== "ENODATA") return { kind: "none", cause: code === "ENOTFOUND" ? "no_mail_server" : "no_connection" };
    names = [domain];
  }
  const hosts: { name: string; ip: string }[] = [];
  for (const name of names) {
    if (hosts.length >= HOSTS_TRIED) break;
    if (isIP(name) !== 0) {
      hosts.push({ name, ip: name });
      continue;
    }
    try {
      const [ip] = await resolver.resolve4(name);
      if (ip !== undefined) hosts.push({ name, ip });
    } catch {
      // This host has no address: try the next.
    }
  }
  return hosts.length > 0 ? { kind: "hosts", hosts } : { kind: "none", cause: "no_mail_server" };
}
