// The processor's streaming contract: progress at most a few times a second, prompt
// abort (also while the source has stalled), backpressure, and the domain-check hook.
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { processContactList } from "../process-contact-list";
import { collect, run } from "./support/run-processor";

describe("processContactList: streaming contract", () => {
  function manyRows(count: number): string {
    return `email,name\n${Array.from({ length: count }, (_, i) => `user${i}@acme.com,Name ${i}`).join("\n")}\n`;
  }

  it("reports progress at most about four times a second, then once at the end", async () => {
    const text = manyRows(60_000);
    const calls: { rows: number; bytes: number; at: number }[] = [];
    const started = performance.now();
    // Small chunks so the run spans many batches.
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => bytes.subarray(i * 4096, (i + 1) * 4096));
    const { summary } = await run(chunks, { onProgress: (progress) => calls.push({ ...progress, at: performance.now() }) });
    const elapsed = performance.now() - started;
    expect(calls.at(-1)).toMatchObject({ rows: 60_000, bytes: bytes.length });
    expect(calls.length).toBeLessThanOrEqual(Math.floor(elapsed / 250) + 2);
    for (let i = 1; i < calls.length - 1; i++) expect((calls[i]?.at ?? 0) - (calls[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(249);
    expect(summary.rows).toBe(60_000);
  });

  it("stops promptly when aborted and rejects with the abort reason", async () => {
    // A source far longer than the test: only the abort can end this run in time.
    let produced = 0;
    const endless = new Readable({
      read() {
        produced++;
        this.push(produced === 1 ? "email\n" : produced > 20_000 ? null : `user${produced}@acme.com\n`.repeat(200));
      },
    });
    const controller = new AbortController();
    const cleaned = collect();
    const report = collect();
    const result = processContactList(endless, { cleaned: cleaned.stream, report: report.stream, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(result).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(endless.destroyed).toBe(true);
  });

  it("stops promptly when aborted while the source has stalled", async () => {
    // Sends the head and one more piece, then nothing: a network read that hangs.
    const stalled = new Readable({ read() {} });
    stalled.push(`email\n${"ann@acme.com\n".repeat(5000)}`);
    stalled.push("bob@acme.com\n");
    const controller = new AbortController();
    const result = processContactList(stalled, { cleaned: collect().stream, report: collect().stream, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    // Without the abort this never settles (the test would time out).
    await expect(result).rejects.toMatchObject({ name: "AbortError" });
    expect(stalled.destroyed).toBe(true);
  });

  it("stops promptly when aborted while a stream made from an async generator has stalled", async () => {
    // The shape storage hands over: Readable.from(generator), whose destroy waits for the stuck read.
    const stalled = Readable.from(
      (async function* () {
        yield Buffer.from("email\nann@acme.com\n");
        await new Promise(() => {});
      })(),
    );
    const controller = new AbortController();
    const result = processContactList(stalled, { cleaned: collect().stream, report: collect().stream, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(result).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reads no further ahead than the outputs can take (backpressure)", async () => {
    const bytes = Buffer.from(manyRows(200_000));
    let bytesRead = 0;
    const source = Readable.from(
      (function* () {
        for (let offset = 0; offset < bytes.length; offset += 16 * 1024) {
          const chunk = bytes.subarray(offset, offset + 16 * 1024);
          bytesRead += chunk.length;
          yield chunk;
        }
      })(),
    );
    // A report sink that accepts nothing until released.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stalled = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        void released.then(() => callback());
      },
    });
    const cleaned = collect();
    const result = processContactList(source, { cleaned: cleaned.stream, report: stalled });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The file is ~5 MB; with the report stalled only a few chunks may be read.
    expect(bytesRead).toBeLessThan(1024 * 1024);
    release();
    const summary = await result;
    expect(summary.rows).toBe(200_000);
    expect(bytesRead).toBe(bytes.length);
  });

  it("checks each distinct domain once through the injected hook and applies its answer", async () => {
    const asked: string[] = [];
    const { reportRows } = await run("email\nann@acme.com\nbob@acme.com\ncy@nomail.acme.dev\ndi@flaky.acme.dev\n", {
      checkDomain: async (domain) => {
        asked.push(domain);
        if (domain === "nomail.acme.dev") return { verdict: "invalid", reason: "no_mail_server" };
        if (domain === "flaky.acme.dev") throw new Error("timeout");
        return { verdict: "ok" };
      },
    });
    expect(asked.sort()).toEqual(["acme.com", "flaky.acme.dev", "nomail.acme.dev"]);
    expect(reportRows.map((row) => [row.verdict, row.reason])).toEqual([
      ["valid", ""],
      ["valid", ""],
      ["invalid", "no_mail_server"],
      ["risky", "domain_check_failed"],
    ]);
  });
});
