// The optional SMTP stage end to end on loopback: mail servers found through a DNS server
// on 127.0.0.1, a scripted mail server answering 250, 550, 451-then-250, 552, catch-all
// and policy refusals, a SOCKS5 proxy, and smtp-server for STARTTLS. Never the internet.
import { type AddressInfo, createServer } from "node:net";
import { PassThrough, Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../../env";
import { describeReading } from "../describe-reading";
import { processContactList, type VerificationProgress } from "../process-contact-list";
import { MailboxChecker, type MailboxCheckSettings } from "../smtp/check-mailboxes";
import { readRcptReply } from "../smtp/mailbox-result";
import { mailboxCheckSettings } from "../smtp/mailbox-check-settings";
import { startLoopbackDnsServer } from "./support/loopback-dns-server";
import { startLoopbackSocks5Server } from "./support/loopback-socks5-server";
import { startScriptedSmtpServer } from "./support/scripted-smtp-server";

let dns: Awaited<ReturnType<typeof startLoopbackDnsServer>>;
let smtp: Awaited<ReturnType<typeof startScriptedSmtpServer>>;

const mx = (host: string) => ({ mx: [{ exchange: host, preference: 10 }] });

beforeAll(async () => {
  smtp = await startScriptedSmtpServer({
    domains: {
      "acme-mail.com": { mailboxes: ["ada@acme-mail.com", "cy@acme-mail.com"], greylisted: ["gus@acme-mail.com"], full: ["fay@acme-mail.com"] },
      "catchall-mail.com": { catchAll: true },
      "greylist-forever.com": { alwaysLater: ["ivy@greylist-forever.com"] },
      "blocks-us.com": { blocked: true },
      "proxied-mail.com": { mailboxes: ["pia@proxied-mail.com"] },
      "greylisting-catchall.com": { catchAll: true, greylistEveryone: true },
      "slow-trust-mail.com": { greylisted: Array.from({ length: 6 }, (_, p) => `wait${p}@slow-trust-mail.com`) },
      "quick-answer-mail.com": { mailboxes: Array.from({ length: 20 }, (_, p) => `yes${p}@quick-answer-mail.com`) },
      "busy-mail.com": { greylisted: ["early@busy-mail.com"] },
      "slow-progress-mail.com": { greylisted: Array.from({ length: 20 }, (_, p) => `wait${p}@slow-progress-mail.com`) },
      "greylist-later-mail.com": { greylisted: Array.from({ length: 4 }, (_, p) => `wait${p}@greylist-later-mail.com`) },
    },
  });
  dns = await startLoopbackDnsServer({
    "acme-mail.com": mx("mx.acme-mail.com"),
    "mx.acme-mail.com": { a: ["127.0.0.1"] },
    "catchall-mail.com": mx("mx.catchall-mail.com"),
    "mx.catchall-mail.com": { a: ["127.0.0.1"] },
    "greylist-forever.com": mx("mx.greylist-forever.com"),
    "mx.greylist-forever.com": { a: ["127.0.0.1"] },
    "blocks-us.com": mx("mx.blocks-us.com"),
    "mx.blocks-us.com": { a: ["127.0.0.1"] },
    // No MX: the domain's own address (RFC 5321 implicit MX).
    "proxied-mail.com": { a: ["127.0.0.1"] },
    // A mail server at an address nothing listens on.
    "unreachable-mail.com": mx("mx.unreachable-mail.com"),
    "mx.unreachable-mail.com": { a: ["127.0.0.2"] },
    "greylisting-catchall.com": mx("mx.greylisting-catchall.com"),
    "mx.greylisting-catchall.com": { a: ["127.0.0.1"] },
    "slow-trust-mail.com": mx("mx.slow-trust-mail.com"),
    "mx.slow-trust-mail.com": { a: ["127.0.0.1"] },
    "quick-answer-mail.com": mx("mx.quick-answer-mail.com"),
    "mx.quick-answer-mail.com": { a: ["127.0.0.1"] },
    "busy-mail.com": mx("mx.busy-mail.com"),
    "mx.busy-mail.com": { a: ["127.0.0.1"] },
    "slow-progress-mail.com": mx("mx.slow-progress-mail.com"),
    "mx.slow-progress-mail.com": { a: ["127.0.0.1"] },
    "greylist-later-mail.com": mx("mx.greylist-later-mail.com"),
    "mx.greylist-later-mail.com": { a: ["127.0.0.1"] },
    "tls-mail.com": mx("mx.tls-mail.com"),
    "mx.tls-mail.com": { a: ["127.0.0.1"] },
  });
});
afterAll(async () => {
  await smtp.stop();
  await dns.stop();
});

function settings(overrides: Partial<MailboxCheckSettings> = {}): MailboxCheckSettings {
  return {
    heloName: "check.tidings-test.org",
    mailFrom: "verify@tidings-test.org",
    port: smtp.port,
    proxy: null,
    startTls: true,
    timeoutMs: 3000,
    concurrency: 4,
    domainConcurrency: 2,
    domainIntervalMs: 0,
    retryDelayMs: 50,
    deadline: Date.now() + 60_000,
    dnsServers: [dns.server],
    ...overrides,
  };
}

async function verify(csv: string, mailboxCheck: MailboxCheckSettings) {
  const cleaned = new PassThrough();
  const report = new PassThrough();
  const [summary, cleanedText, reportText] = await Promise.all([
    processContactList(Readable.from([csv]), { cleaned, report, mailboxCheck }),
    text(cleaned),
    text(report),
  ]);
  const rows = reportText.trim().split(/\r?\n/).slice(1);
  const rowOf = (address: string) => rows.find((row) => row.startsWith(`${address},`)) ?? "";
  return { summary, cleanedText, rowOf };
}

const recipientsAt = (domain: string) => smtp.recipients().filter((address) => address.endsWith(`@${domain}`));

describe("processContactList with SMTP checks", () => {
  it("sorts addresses into deliverable, undeliverable, full, catch-all and unknown, and says so in the report and summary", async () => {
    const csv = [
      "email",
      "ada@acme-mail.com",
      "bob@acme-mail.com",
      "gus@acme-mail.com",
      "fay@acme-mail.com",
      "kim@catchall-mail.com",
      "lee@catchall-mail.com",
      "ivy@greylist-forever.com",
      "max@blocks-us.com",
      "ned@unreachable-mail.com",
      "ADA@acme-mail.com",
      "",
    ].join("\n");
    const before = smtp.commands.length;

    const { summary, cleanedText, rowOf } = await verify(csv, settings());

    // 250: valid, and the detail says the server confirmed it.
    expect(rowOf("ada@acme-mail.com")).toMatch(/,valid,,The domain's mail server confirmed the mailbox\.,/);
    // 550 5.1.1: invalid, never in the cleaned CSV.
    expect(rowOf("bob@acme-mail.com")).toMatch(/,invalid,mailbox_not_found,"?The domain's mail server says this mailbox does not exist/);
    expect(cleanedText).not.toContain("bob@acme-mail.com");
    // 451, then 250 when asked again later: confirmed.
    expect(rowOf("gus@acme-mail.com")).toMatch(/,valid,,The domain's mail server confirmed the mailbox\.,/);
    expect(recipientsAt("acme-mail.com").filter((address) => address === "gus@acme-mail.com")).toHaveLength(2);
    // 552: risky.
    expect(rowOf("fay@acme-mail.com")).toMatch(/,risky,mailbox_full,/);
    // A server that takes a random address takes any: risky, and its addresses are not asked one by one.
    expect(rowOf("kim@catchall-mail.com")).toMatch(/,risky,catch_all,"?The domain's mail server accepts mail for any address/);
    expect(rowOf("lee@catchall-mail.com")).toMatch(/,risky,catch_all,/);
    expect(recipientsAt("catchall-mail.com").filter((address) => address === "kim@catchall-mail.com" || address === "lee@catchall-mail.com")).toEqual([]);
    // 451 twice, a refusal aimed at the checker, no server to reach: the verdict stays, with a note.
    expect(rowOf("ivy@greylist-forever.com")).toMatch(/,valid,mailbox_unknown,"?Mailbox not confirmed: the domain's mail server asked to try again later/);
    expect(rowOf("max@blocks-us.com")).toMatch(/,valid,mailbox_unknown,"?Mailbox not confirmed: the domain's mail server refused to answer the check/);
    expect(rowOf("ned@unreachable-mail.com")).toMatch(/,valid,mailbox_unknown,"?Mailbox not confirmed: the domain's mail server could not be reached/);
    expect(cleanedText).toContain("ivy@greylist-forever.com");
    expect(cleanedText).toContain("max@blocks-us.com");

    // A repeat is a duplicate of its first row, and its mailbox is not asked again.
    expect(rowOf("ADA@acme-mail.com")).toMatch(/,duplicate,duplicate,/);
    expect(recipientsAt("acme-mail.com").filter((address) => address.toLowerCase() === "ada@acme-mail.com")).toHaveLength(1);

    expect(summary.mailboxes).toEqual({ deliverable: 2, undeliverable: 1, full: 1, catchAll: 2, unknown: 3 });
    // The batch page's note on the file says it in words.
    expect(describeReading(summary)).toMatch(
      /Mail servers asked about 9 mailboxes: 2 confirmed, 1 does not exist, 1 full, 2 at domains that accept any address, 3 could not be confirmed\./,
    );
    expect(summary.verdicts).toEqual({ valid: 5, risky: 3, invalid: 1, duplicate: 1 });
    expect(summary.reasons).toMatchObject({ mailbox_not_found: 1, mailbox_full: 1, catch_all: 2, mailbox_unknown: 3 });

    const commands = smtp.commands.slice(before);
    expect(commands.filter((command) => /^DATA/i.test(command))).toEqual([]);
    expect(commands).toContain("EHLO check.tidings-test.org");
    expect(commands).toContain("MAIL FROM:<verify@tidings-test.org>");
    // Every conversation ends with QUIT.
    expect(commands.filter((command) => command === "QUIT").length).toBe(commands.filter((command) => command.startsWith("EHLO")).length);
  });

  it("leaves the summary and report as they were when SMTP checks are off", async () => {
    const before = smtp.commands.length;
    const cleaned = new PassThrough();
    const report = new PassThrough();
    const [summary, , reportText] = await Promise.all([
      processContactList(Readable.from(["email\nbob@acme-mail.com\n"]), { cleaned, report }),
      text(cleaned),
      text(report),
    ]);
    expect(summary.mailboxes).toBeUndefined();
    expect(summary.verdicts.valid).toBe(1);
    expect(reportText).toMatch(/bob@acme-mail\.com,,,valid,,,,false,,2/);
    expect(smtp.commands.length).toBe(before);
  });
});

// A file the processor reads in pieces: the first chunk is its first 64 KB (padded with
// notes, and over 100 rows, the sample read before verifying starts), then each further
// chunk is a piece of its own. Piece p has one address at a domain that greylists (451,
// then 250 when asked again) and two that answer at once.
function piecesOfAFile(count: number, greylistingDomain: string): { chunks: string[]; addresses: string[]; rowsPerPiece: number[] } {
  const addresses: string[] = [];
  const chunks: string[] = [];
  const rowsPerPiece: number[] = [];
  for (let p = 0; p < count; p++) {
    const piece = [`wait${p}@${greylistingDomain}`, `yes${p}@quick-answer-mail.com`, `no${p}@quick-answer-mail.com`];
    addresses.push(...piece);
    let chunk = piece.map((address) => `${address},piece ${p}\n`).join("");
    if (p === 0) {
      const note = "n".repeat(600);
      for (let i = 0; chunk.length < 64 * 1024; i++) {
        addresses.push(`fill${i}@quick-answer-mail.com`);
        chunk += `fill${i}@quick-answer-mail.com,${note}\n`;
      }
      chunk = `email,note\n${chunk}`;
    }
    chunks.push(chunk);
    rowsPerPiece.push(addresses.length - rowsPerPiece.reduce((sum, rows) => sum + rows, 0));
  }
  return { chunks, addresses, rowsPerPiece };
}

// The most addresses asked once and not yet asked again at any point of the server's log:
// greylisting retries waiting at the same time.
function mostRetriesWaiting(recipients: readonly string[], greylisted: RegExp): number {
  const waiting = new Set<string>();
  let most = 0;
  for (const address of recipients.filter((each) => greylisted.test(each))) {
    if (waiting.has(address)) waiting.delete(address);
    else waiting.add(address);
    most = Math.max(most, waiting.size);
  }
  return most;
}

describe("greylisting in a file of several pieces", () => {
  it("asks again later without holding up the pieces after it, and writes every row once, in order", async () => {
    const pieces = 6;
    const { chunks, addresses } = piecesOfAFile(pieces, "slow-trust-mail.com");
    const cleaned = new PassThrough();
    const report = new PassThrough();
    // Long next to judging a few small pieces: a processor that waits for one piece's retry
    // before starting the next asks each greylisted address twice before the next one once.
    const mailboxCheck = settings({ retryDelayMs: 2000, domainConcurrency: 1 });
    const [summary, cleanedText, reportText] = await Promise.all([
      processContactList(Readable.from(chunks), { cleaned, report, mailboxCheck }),
      text(cleaned),
      text(report),
    ]);

    // Every greylisted address asked twice, and all of the pieces' retries waited at the same time.
    const asked = recipientsAt("slow-trust-mail.com").filter((address) => address.startsWith("wait"));
    expect(asked).toHaveLength(2 * pieces);
    expect(mostRetriesWaiting(smtp.recipients(), /^wait\d+@slow-trust-mail\.com$/)).toBe(pieces);

    // Every row once, in the order of the file, with the server's answer.
    const rows = reportText.trim().split(/\r?\n/).slice(1);
    expect(rows.map((row) => row.slice(0, row.indexOf(",")))).toEqual(addresses);
    expect(rows.map((row) => Number(row.slice(row.lastIndexOf(",") + 1)))).toEqual(addresses.map((_, i) => i + 2));
    for (let p = 0; p < pieces; p++) {
      expect(rows.find((row) => row.startsWith(`wait${p}@`))).toMatch(/,valid,,The domain's mail server confirmed the mailbox\.,/);
      expect(rows.find((row) => row.startsWith(`yes${p}@`))).toMatch(/,valid,,The domain's mail server confirmed the mailbox\.,/);
      expect(rows.find((row) => row.startsWith(`no${p}@`))).toMatch(/,invalid,mailbox_not_found,/);
    }
    const kept = cleanedText.trim().split(/\r?\n/).slice(1);
    expect(kept.map((row) => row.slice(0, row.indexOf(",")))).toEqual(addresses.filter((address) => /^(wait|yes)/.test(address)));
    expect(summary.rows).toBe(addresses.length);
    expect(summary.mailboxes).toEqual({ deliverable: 2 * pieces, undeliverable: addresses.length - 2 * pieces, full: 0, catchAll: 0, unknown: 0 });
  });

  it("reports progress up to the rows written, not the rows read ahead of them", async () => {
    // More pieces than may wait at once (16), each with a greylisted address.
    const pieces = 20;
    const { chunks, addresses, rowsPerPiece } = piecesOfAFile(pieces, "slow-progress-mail.com");
    const reports: VerificationProgress[] = [];
    const cleaned = new PassThrough().resume();
    const report = new PassThrough().resume();
    const summary = await processContactList(Readable.from(chunks), {
      cleaned,
      report,
      mailboxCheck: settings({ retryDelayMs: 1000 }),
      onProgress: (progress) => reports.push(progress),
    });
    expect(summary.verdicts.valid).toBe(2 * pieces);
    // At least one report before the last: while the pieces after the 16th waited for their turn.
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)).toEqual({ rows: addresses.length, bytes: chunks.join("").length });
    for (const { rows, bytes } of reports) {
      // Rows are written a whole piece at a time: the pieces written, and the bytes up to their end.
      let written = 0;
      let end = 0;
      while (written < pieces && rowsPerPiece.slice(0, written + 1).reduce((sum, each) => sum + each, 0) <= rows) end += chunks[written++]?.length ?? 0;
      expect(rowsPerPiece.slice(0, written).reduce((sum, each) => sum + each, 0)).toBe(rows);
      expect(bytes).toBeLessThanOrEqual(end);
    }
  });

  it("stops at once when the job is stopped while pieces wait to be asked again", async () => {
    const pieces = 4;
    const { chunks } = piecesOfAFile(pieces, "greylist-later-mail.com");
    const cleaned = new PassThrough().resume();
    const report = new PassThrough().resume();
    const stop = new AbortController();
    // Far longer than the test may take: only the stop can end the wait.
    const processing = processContactList(Readable.from(chunks), { cleaned, report, signal: stop.signal, mailboxCheck: settings({ retryDelayMs: 600_000, deadline: Date.now() + 3_600_000 }) });
    const outcome = processing.then(
      () => "finished",
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(recipientsAt("greylist-later-mail.com").filter((address) => address.startsWith("wait"))).toHaveLength(pieces), {
      timeout: 20_000,
    });
    stop.abort(new Error("job cancelled"));
    expect(await outcome).toEqual(new Error("job cancelled"));
    // No conversation outlives the job, and no retry is left to ask.
    await vi.waitFor(() => expect(smtp.openNow()).toBe(0));
  });
});

describe("MailboxChecker", () => {
  it("keeps to one connection to a domain and asks its catch-all question once, when pieces of a file are asked about at once", async () => {
    // Conversations of earlier tests close on their own time.
    await vi.waitFor(() => expect(smtp.openNow()).toBe(0));
    smtp.resetMostOpen();
    const before = recipientsAt("acme-mail.com").length;
    const checker = new MailboxChecker(settings({ concurrency: 10, domainConcurrency: 1 }));
    const [first, second] = await Promise.all([
      checker.checkAll(Array.from({ length: 12 }, (_, i) => `first${i}@acme-mail.com`)),
      checker.checkAll(Array.from({ length: 12 }, (_, i) => `second${i}@acme-mail.com`)),
    ]);
    expect(new Set([...first.values(), ...second.values()].map((result) => result.kind))).toEqual(new Set(["undeliverable"]));
    expect(smtp.mostOpen()).toBe(1);
    const asked = recipientsAt("acme-mail.com").slice(before);
    expect(asked.filter((address) => !/^(first|second)\d+@/.test(address))).toHaveLength(1);
    expect(asked).toHaveLength(25);
  });

  it("serves an earlier piece of the file first, its second try after greylisting included, so its rows are written first", async () => {
    const checker = new MailboxChecker(settings({ concurrency: 10, domainConcurrency: 1, domainIntervalMs: 10, retryDelayMs: 50 }));
    const earlier = ["early@busy-mail.com", ...Array.from({ length: 19 }, (_, i) => `early${i}@busy-mail.com`)];
    // 15 connections' worth, 10 ms between questions: far longer than the earlier piece's retry delay.
    const later = Array.from({ length: 150 }, (_, i) => `late${i}@busy-mail.com`);
    const [first] = await Promise.all([checker.checkAll(earlier), checker.checkAll(later)]);
    expect(first.get("early@busy-mail.com")).toEqual({ kind: "deliverable" });
    const asked = recipientsAt("busy-mail.com");
    expect(asked.filter((address) => address === "early@busy-mail.com")).toHaveLength(2);
    // The second try did not queue behind the later piece's questions.
    expect(asked.lastIndexOf("early@busy-mail.com")).toBeLessThan(asked.indexOf("late149@busy-mail.com"));
  });

  it("asks a domain's catch-all question once per run, however many batches come", async () => {
    const checker = new MailboxChecker(settings());
    const first = await checker.checkAll(["amy@catchall-mail.com", "ben@catchall-mail.com"]);
    const before = recipientsAt("catchall-mail.com").length;
    const second = await checker.checkAll(["cal@catchall-mail.com"]);
    expect([...first.values(), ...second.values()]).toEqual([{ kind: "catch_all" }, { kind: "catch_all" }, { kind: "catch_all" }]);
    // Nothing more asked for the second batch: the domain is known to take anything.
    expect(recipientsAt("catchall-mail.com").length).toBe(before);
  });

  it("stops asking a domain whose server refuses the check, or cannot be reached, for the rest of the run", async () => {
    const checker = new MailboxChecker(settings());
    await checker.checkAll(["amy@blocks-us.com", "amy@unreachable-mail.com"]);
    const asked = recipientsAt("blocks-us.com").length;
    const results = await checker.checkAll(["ben@blocks-us.com", "ben@unreachable-mail.com"]);
    expect(results.get("ben@blocks-us.com")).toEqual({ kind: "unknown", cause: "refused_check" });
    expect(results.get("ben@unreachable-mail.com")).toEqual({ kind: "unknown", cause: "no_connection" });
    expect(recipientsAt("blocks-us.com").length).toBe(asked);
  });

  // The pause between questions is a matter of time, measured by bench:smtp-check rather than asserted here.
  it("keeps to one connection at a time to a domain", async () => {
    const addresses = Array.from({ length: 25 }, (_, i) => `nobody${i}@acme-mail.com`);
    smtp.resetMostOpen();
    const asked = smtp.recipients().length;
    const results = await new MailboxChecker(settings({ concurrency: 10, domainConcurrency: 1, domainIntervalMs: 40 })).checkAll(addresses);
    expect(new Set([...results.values()].map((result) => result.kind))).toEqual(new Set(["undeliverable"]));
    // 26 questions (the random address too) over 3 connections, never two at once.
    expect(smtp.mostOpen()).toBe(1);
    expect(smtp.recipients().length - asked).toBe(26);
  });

  it("probes with a random local part that differs from run to run", async () => {
    const before = recipientsAt("acme-mail.com").length;
    await new MailboxChecker(settings()).checkAll(["cy@acme-mail.com"]);
    await new MailboxChecker(settings()).checkAll(["cy@acme-mail.com"]);
    const asked = recipientsAt("acme-mail.com").slice(before);
    const probes = asked.filter((address) => address !== "cy@acme-mail.com");
    expect(probes).toHaveLength(2);
    expect(probes[0]).not.toBe(probes[1]);
    expect(probes[0]).toMatch(/^[a-z0-9]{16,}@acme-mail\.com$/);
  });

  it("asks the same random address again after greylisting, so a greylisting catch-all domain is still found out", async () => {
    const results = await new MailboxChecker(settings()).checkAll(["una@greylisting-catchall.com", "vic@greylisting-catchall.com"]);
    expect([...results.values()]).toEqual([{ kind: "catch_all" }, { kind: "catch_all" }]);
    const probes = recipientsAt("greylisting-catchall.com").filter((address) => !/^(una|vic)@/.test(address));
    expect(probes).toHaveLength(2);
    expect(probes[0]).toBe(probes[1]);
  });

  it("asks nothing once the time budget is spent, and says why", async () => {
    const connections = smtp.connections();
    const results = await new MailboxChecker(settings({ deadline: Date.now() - 1 })).checkAll(["ada@acme-mail.com", "kim@catchall-mail.com"]);
    expect([...results.values()]).toEqual([
      { kind: "unknown", cause: "time_budget" },
      { kind: "unknown", cause: "time_budget" },
    ]);
    expect(smtp.connections()).toBe(connections);
  });

  it("ends a conversation in progress when the budget runs out, and calls the rest unknown", async () => {
    // A server that takes the connection and never says a word: only the budget can end the wait.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const checker = new MailboxChecker(settings({ port, timeoutMs: 60_000, deadline: Date.now() + 300 }));
      const results = await checker.checkAll(["ada@acme-mail.com"]);
      expect(results.get("ada@acme-mail.com")).toEqual({ kind: "unknown", cause: "time_budget" });
    } finally {
      silent.close();
    }
  });

  it("gives up on a greylisted address when the budget leaves no time to ask again", async () => {
    const results = await new MailboxChecker(settings({ retryDelayMs: 60_000, deadline: Date.now() + 20_000 })).checkAll([
      "ivy@greylist-forever.com",
    ]);
    expect(results.get("ivy@greylist-forever.com")).toEqual({ kind: "unknown", cause: "try_again_later" });
  });

  it("does not ask about addresses with non-ASCII local parts", async () => {
    const results = await new MailboxChecker(settings()).checkAll(["jürgen@acme-mail.com"]);
    expect(results.get("jürgen@acme-mail.com")).toEqual({ kind: "unknown", cause: "not_asked" });
  });
});

describe("SMTP checks through a SOCKS5 proxy", () => {
  it("connects through the proxy, with its username and password, and gets the same answers", async () => {
    const proxy = await startLoopbackSocks5Server({ user: { name: "checker", password: "s3cret:x" } });
    try {
      const configured = mailboxCheckSettings(
        parseEnv({ SMTP_CHECK: "true", SMTP_CHECK_SOCKS_PROXY: `socks5://checker:s3cret%3Ax@127.0.0.1:${proxy.port}` }, () => "x".repeat(32)),
        new Date(),
      );
      const checker = new MailboxChecker(settings({ proxy: configured?.proxy ?? null }));
      const results = await checker.checkAll(["pia@proxied-mail.com", "zed@proxied-mail.com"]);
      expect(results.get("pia@proxied-mail.com")).toEqual({ kind: "deliverable" });
      expect(results.get("zed@proxied-mail.com")).toEqual({ kind: "undeliverable" });
      expect(proxy.targets).toContain(`127.0.0.1:${smtp.port}`);
    } finally {
      await proxy.stop();
    }
  });

  it("reports the mailbox unknown when the proxy cannot be reached, rather than going around it", async () => {
    const proxy = await startLoopbackSocks5Server();
    const port = proxy.port;
    await proxy.stop();
    const results = await new MailboxChecker(settings({ proxy: { host: "127.0.0.1", port } })).checkAll(["pia@proxied-mail.com"]);
    expect(results.get("pia@proxied-mail.com")).toEqual({ kind: "unknown", cause: "no_connection" });
  });
});

describe("STARTTLS", () => {
  it("upgrades the connection when the server offers it, and asks inside TLS", async () => {
    const secureAsks: boolean[] = [];
    const server = new SMTPServer({
      disabledCommands: ["AUTH"],
      logger: false,
      onRcptTo(address, session, callback) {
        secureAsks.push(session.secure);
        if (address.address === "tia@tls-mail.com") return callback();
        const error = Object.assign(new Error("5.1.1 No such user"), { responseCode: 550 });
        callback(error);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.server.address() as { port: number };
      const results = await new MailboxChecker(settings({ port })).checkAll(["tia@tls-mail.com"]);
      expect(results.get("tia@tls-mail.com")).toEqual({ kind: "deliverable" });
      expect(secureAsks.length).toBeGreaterThan(0);
      expect(secureAsks.every(Boolean)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("STARTTLS that fails", () => {
  it("asks again in plain text", async () => {
    const broken = await startScriptedSmtpServer({ domains: { "tls-mail.com": { mailboxes: ["tia@tls-mail.com"] } }, brokenStartTls: true });
    try {
      const results = await new MailboxChecker(settings({ port: broken.port })).checkAll(["tia@tls-mail.com"]);
      expect(results.get("tia@tls-mail.com")).toEqual({ kind: "deliverable" });
      expect(broken.commands.filter((command) => command === "STARTTLS")).toHaveLength(1);
      expect(broken.connections()).toBe(2);
    } finally {
      await broken.stop();
    }
  });
});

describe("readRcptReply", () => {
  it.each([
    [{ code: 250, text: "2.1.5 OK" }, "accepted"],
    [{ code: 550, text: "5.1.1 <bob@x> User unknown" }, "not_found"],
    [{ code: 550, text: "No such user here" }, "not_found"],
    [{ code: 553, text: "5.1.10 Recipient address rejected" }, "not_found"],
    [{ code: 552, text: "5.2.2 Mailbox full" }, "full"],
    [{ code: 451, text: "4.7.1 Greylisted" }, "temporary"],
    [{ code: 550, text: "5.7.1 Service unavailable; client host blocked using Spamhaus" }, "refused"],
    [{ code: 554, text: "Your IP is listed at a DNSBL" }, "refused"],
    [{ code: 550, text: "Relay access denied" }, "refused"],
  ] as const)("%o → %s", (reply, expected) => {
    expect(readRcptReply(reply)).toBe(expected);
  });
});

describe("settings", () => {
  const secret = () => "x".repeat(32);

  it("are off by default", () => {
    const env = parseEnv({}, secret);
    expect(env.SMTP_CHECK).toBe(false);
    expect(mailboxCheckSettings(env, new Date())).toBeUndefined();
  });

  it("default the HELO name to APP_URL's host, MAIL FROM to EMAIL_FROM's address, and run the budget from the batch's start", () => {
    const started = new Date("2026-01-01T10:00:00Z");
    const configured = mailboxCheckSettings(
      parseEnv({ SMTP_CHECK: "true", APP_URL: "https://lists.acme-mail.com", EMAIL_FROM: "Acme <hello@acme-mail.com>", SMTP_CHECK_BUDGET_SECONDS: "120" }, secret),
      started,
    );
    expect(configured).toMatchObject({ heloName: "lists.acme-mail.com", mailFrom: "hello@acme-mail.com", port: 25, proxy: null, domainConcurrency: 1 });
    expect(configured?.deadline).toBe(started.getTime() + 120_000);
  });

  it("refuse a proxy that is not socks5:// and a HELO name that is not a host name", () => {
    expect(() => parseEnv({ SMTP_CHECK_SOCKS_PROXY: "http://127.0.0.1:8080" }, secret)).toThrow(/SMTP_CHECK_SOCKS_PROXY/);
    expect(() => parseEnv({ SMTP_CHECK_HELO_NAME: "not a host" }, secret)).toThrow(/SMTP_CHECK_HELO_NAME/);
  });
});
