// The MX lookup against a DNS server on loopback, through DomainChecker (cache, concurrency).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeAddress } from "../analyze-address";
import { DomainChecker } from "../check-domains";
import { createMxLookup } from "../mx-lookup";
import { startLoopbackDnsServer } from "./support/loopback-dns-server";

let dns: Awaited<ReturnType<typeof startLoopbackDnsServer>>;

beforeAll(async () => {
  dns = await startLoopbackDnsServer({
    "mail.acme.dev": { mx: [{ exchange: "mx1.mail.acme.dev", preference: 10 }] },
    "implicit.acme.dev": { a: ["192.0.2.10"] },
    "nomail.acme.dev": {},
    "nullmx.acme.dev": { mx: [{ exchange: ".", preference: 0 }] },
    "slow.acme.dev": { silent: true },
  });
});
afterAll(() => dns.stop());

const lookup = () => createMxLookup({ servers: [dns.server], timeoutMs: 300 });
const signal = new AbortController().signal;

describe("createMxLookup", () => {
  it.each([
    ["mail.acme.dev", { verdict: "ok" }],
    ["implicit.acme.dev", { verdict: "ok" }],
    ["nomail.acme.dev", { verdict: "invalid", reason: "no_mail_server" }],
    ["nullmx.acme.dev", { verdict: "invalid", reason: "no_mail_server" }],
    ["unknown.acme.dev", { verdict: "invalid", reason: "domain_not_found" }],
  ])("%s → %o", async (domain, expected) => {
    expect(await lookup()(domain, signal)).toEqual(expected);
  });

  it("gives up on a silent server after the timeout, marking the domain risky rather than invalid", async () => {
    const started = Date.now();
    expect(await lookup()("slow.acme.dev", signal)).toEqual({ verdict: "risky", reason: "domain_check_failed" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("asks once per domain, however many addresses share it", async () => {
    const checker = new DomainChecker(lookup(), 4, undefined);
    const before = dns.queries.filter((query) => query === "MX mail.acme.dev").length;
    const analyses = Array.from({ length: 50 }, (_, i) => analyzeAddress(`person${i}@mail.acme.dev`));
    expect(analyses[0]?.domain).toBe("mail.acme.dev");
    await checker.checkAll(analyses);
    await checker.checkAll(analyses);
    expect(dns.queries.filter((query) => query === "MX mail.acme.dev").length - before).toBe(1);
  });
});

describe("processContactList with the MX lookup", () => {
  it("marks addresses at domains without mail servers invalid, and keeps the rest", async () => {
    const { processContactList } = await import("../process-contact-list");
    const { PassThrough, Readable } = await import("node:stream");
    const { text } = await import("node:stream/consumers");
    const cleaned = new PassThrough();
    const report = new PassThrough();
    const csv = "email\nada@mail.acme.dev\nbob@unknown.acme.dev\ncy@nomail.acme.dev\n";

    const [summary, cleanedText, reportText] = await Promise.all([
      processContactList(Readable.from([csv]), { cleaned, report, checkDomain: lookup(), domainCheckConcurrency: 2 }),
      text(cleaned),
      text(report),
    ]);

    expect(summary.verdicts).toMatchObject({ valid: 1, invalid: 2 });
    expect(summary.reasons).toMatchObject({ domain_not_found: 1, no_mail_server: 1 });
    expect(cleanedText).toContain("ada@mail.acme.dev");
    expect(cleanedText).not.toContain("bob@unknown.acme.dev");
    expect(reportText).toMatch(/bob@unknown\.acme.dev.*invalid.*domain_not_found/);
  });
});
