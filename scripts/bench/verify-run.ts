// One measurement for bench:verify, run in its own process so its peak RSS is its own:
//   verify-run.ts parse <file>            papaparse only, same streaming mode and config
//   verify-run.ts read <file>             the processor's own CSV reader only, fed the same way
//   verify-run.ts process <file> <outdir> the real processor, outputs to files
//   verify-run.ts process-flagged <file> <outdir>  the same with the worker's flagged-row hook
//                                         (FlaggedRowCollector: the first 5,000 invalid or risky rows kept)
// Two lower bounds, to show what any processor writing these outputs must spend:
//   verify-run.ts copy <file> <outdir>    no parsing, no judging: each line copied to both
//                                         outputs with the columns the processor adds
//   verify-run.ts judge <file>            the processor's judging (address analysis, domain
//                                         book, duplicates) on each line's first cell, no outputs
// Prints one JSON line: { ms, rows, peakRssBytes, hwmBytes }, and for `process` also
// `distinct`: the distinct addresses the duplicate table held (valid + risky rows, as
// every other non-invalid row is a repeat), which the memory target is stated in.
import { createReadStream, createWriteStream, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { analyzeAddress } from "../../lib/verification/analyze-address";
import { CsvRecordParser } from "../../lib/verification/parse-csv-records";
import { DomainBook } from "../../lib/verification/domain-book";
import { processContactList } from "../../lib/verification/process-contact-list";
import { DuplicateTracker } from "../../lib/verification/track-duplicates";
import { CsvOutput } from "../../lib/verification/write-csv";
import { FlaggedRowCollector } from "../../lib/row-fixes/collect-flagged-rows";

const [mode, file, outDir] = process.argv.slice(2);

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

async function main(): Promise<void> {
  if (file === undefined) throw new Error("usage: verify-run.ts parse|process <file> [outdir]");
  const started = performance.now();
  let rows: number;
  let distinct: number | undefined;
  if (mode === "parse") rows = await parseOnly(file);
  else if (mode === "read") rows = await readOnly(file);
  else if (mode === "process" && outDir !== undefined) ({ rows, distinct } = await processFile(file, outDir));
  else if (mode === "process-flagged" && outDir !== undefined) ({ rows, distinct } = await processFile(file, outDir, new FlaggedRowCollector()));
  else if (mode === "copy" && outDir !== undefined) rows = await copyLines(file, outDir);
  else if (mode === "judge") rows = await judgeLines(file);
  else throw new Error(`unknown mode ${mode}`);
  const ms = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  clearInterval(sampler);
  process.stdout.write(`${JSON.stringify({ ms, rows, distinct, peakRssBytes: peakRss, hwmBytes: readHighWaterMark() })}\n`);
}

// The baseline: the same parser, fed the same way (a Node stream, chunk callback,
// explicit delimiter and newline), doing nothing with the rows.
function parseOnly(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    Papa.parse<string[]>(createReadStream(file, { encoding: "utf8" }), {
      delimiter: ",",
      newline: "\n",
      header: false,
      skipEmptyLines: false,
      chunk: (results) => {
        rows += results.data.length;
      },
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

// The processor's own reader (parse-csv-records.ts) on the same text, doing nothing with the rows.
async function readOnly(file: string): Promise<number> {
  const parser = new CsvRecordParser({ delimiter: ",", newline: "\n" });
  let rows = 0;
  for await (const chunk of createReadStream(file, { encoding: "utf8" })) rows += parser.push(chunk as string).rows.length;
  return rows + parser.end().rows.length;
}

async function processFile(file: string, outDir: string, flagged?: FlaggedRowCollector): Promise<{ rows: number; distinct: number }> {
  const summary = await processContactList(createReadStream(file), {
    cleaned: createWriteStream(path.join(outDir, "cleaned.csv")),
    report: createWriteStream(path.join(outDir, "report.csv")),
    // As the worker will: storage knows the file's size.
    sizeHint: statSync(file).size,
    onFlaggedRow: flagged?.add,
  });
  return { rows: summary.rows, distinct: summary.verdicts.valid + summary.verdicts.risky };
}

// Each line of the file, split on "\n" with no CSV rules (the generated file has no line
// breaks inside quotes). The first cell is the address in the generated file.
async function forEachLine(file: string, onLine: (line: string, email: string) => Promise<void> | undefined): Promise<number> {
  let rows = 0;
  let carry = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8" })) {
    const text = carry + (chunk as string);
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      const line = text.slice(start, end);
      start = end + 1;
      const comma = line.indexOf(",");
      rows++;
      // Awaited only when it returns a promise: a microtask per line would add to the bound.
      const writing = onLine(line, comma === -1 ? line : line.slice(0, comma));
      if (writing !== undefined) await writing;
    }
    carry = text.slice(start);
  }
  return rows;
}

// Lower bound for writing: the same outputs through the processor's own writer, every
// line taken as valid and unchanged (no formula neutralising, no quoting).
async function copyLines(file: string, outDir: string): Promise<number> {
  const cleaned = new CsvOutput(createWriteStream(path.join(outDir, "cleaned.csv")), undefined);
  const report = new CsvOutput(createWriteStream(path.join(outDir, "report.csv")), undefined);
  let line = 0;
  const rows = await forEachLine(file, (text, email) => {
    cleaned.append(`${text},${email}\n`);
    report.append(`${text},${email},,,valid,,,,false,,${++line}\n`);
    // As the processor does: flush once per batch of about a thousand rows.
    if (line % 1000 === 0) return Promise.all([cleaned.flushIfFull(), report.flushIfFull()]).then(() => undefined);
    return undefined;
  });
  await Promise.all([cleaned.end(), report.end()]);
  return rows;
}

// Lower bound for judging: what the processor does per address, without parsing or output.
async function judgeLines(file: string): Promise<number> {
  const domains = new DomainBook();
  const recordDomain = (domain: string) => domains.record(domain);
  // Sized as the processor sizes it from `sizeHint`: file bytes over bytes a line, plus 10%.
  const duplicates = new DuplicateTracker(Math.ceil((statSync(file).size / 63) * 1.1));
  let repeats = 0;
  const rows = await forEachLine(file, (_line, email) => {
    const analysis = analyzeAddress(email, recordDomain);
    if (analysis.verdict !== "invalid" && duplicates.check(analysis, 0).kind !== "first") repeats++;
    return undefined;
  });
  if (repeats === 0) throw new Error("judge: no duplicates found; the generated file always has some");
  return rows;
}

// The kernel's own peak for this process, a cross-check on the 50 ms samples.
function readHighWaterMark(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
