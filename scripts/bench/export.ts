// bench:export — how fast result downloads are made from a stored report, and with how
// much memory: a contact list of N rows is verified once (report to disk), then each
// download format is made from it in a fresh process (so its peak RSS is its own),
// written to a file. Also a merged list of the same report twice (every row of the second
// copy a cross-file duplicate: the batch-wide table at its fullest), and the count of those
// duplicates the worker makes when such a batch ends (tally-cross-file-duplicates.ts).
//
// Usage: npm run bench:export [-- --rows=1000000]
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { type ExportRequest, exportResults } from "@/lib/results/export-results";
import { CsvTableWriter, type TableWriter } from "@/lib/results/table-writer";
import { tallyCrossFileDuplicates } from "@/lib/results/tally-cross-file-duplicates";
import { XlsxTableWriter } from "@/lib/results/xlsx-table-writer";
import { processContactList } from "@/lib/verification/process-contact-list";
import { writeContactCsv } from "./verify-data";

const MB = 1024 * 1024;
const self = fileURLToPath(import.meta.url);

async function measure(report: string, format: string, target: string, out: string, rows: number): Promise<void> {
  const openReport = () => createReadStream(report);
  const source = { name: "contacts.csv", delimiter: "," as const, rows, openReport };
  if (format === "count") {
    const started = performance.now();
    const tallies = await tallyCrossFileDuplicates([source, source]);
    const ms = performance.now() - started;
    await writeFile(out, JSON.stringify(tallies));
    process.stdout.write(JSON.stringify({ ms, peakRss: process.resourceUsage().maxRSS * 1024 }));
    return;
  }
  const request: ExportRequest =
    target === "merged"
      ? { kind: "cleaned", keepRisky: false, sources: [source, { ...source, name: "again.csv" }], target: "merged" }
      : { kind: "cleaned", keepRisky: false, sources: [source], target: 0 };
  const stream = createWriteStream(out);
  const writer: TableWriter =
    format === "xlsx" ? new XlsxTableWriter(stream, "Cleaned") : new CsvTableWriter(stream, { delimiter: ",", bom: true, newline: "\r\n" });
  const started = performance.now();
  await exportResults(request, writer);
  if (!stream.writableFinished) await once(stream, "finish");
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, peakRss: process.resourceUsage().maxRSS * 1024 }));
}

async function main(): Promise<void> {
  const rows = Number(/--rows=(\d+)/.exec(process.argv.join(" "))?.[1] ?? 1_000_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-export-"));
  try {
    const input = path.join(dir, "contacts.csv");
    await writeContactCsv(input, rows);
    const report = path.join(dir, "report.csv");
    const reportOut = createWriteStream(report);
    const cleanedOut = createWriteStream(path.join(dir, "cleaned.csv"));
    await processContactList(createReadStream(input), { cleaned: cleanedOut, report: reportOut });
    console.log(`${rows.toLocaleString("en")} rows; report ${((await stat(report)).size / MB).toFixed(0)} MB`);
    console.log("download                     time     rows/s     output    peak RSS");
    for (const [format, target] of [["excel-csv", "file"], ["xlsx", "file"], ["excel-csv", "merged"], ["xlsx", "merged"], ["count", "merged"]] as const) {
      const out = path.join(dir, `out.${format}`);
      const result = JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, "--measure", report, format, target, out, String(rows)], { encoding: "utf8" })) as { ms: number; peakRss: number };
      const rowsOut = target === "merged" ? rows * 2 : rows;
      const size = (await stat(out)).size / MB;
      console.log(
        `${`${format} ${target === "merged" ? "(merged ×2)" : "(one file)"}`.padEnd(26)} ${(result.ms / 1000).toFixed(1).padStart(6)} s ${Math.round((rowsOut / result.ms) * 1000).toLocaleString("en").padStart(10)} ${size.toFixed(0).padStart(6)} MB ${(result.peakRss / MB).toFixed(0).padStart(7)} MB`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--measure");
if (at !== -1) {
  const [report, format, target, out, rows] = process.argv.slice(at + 1);
  await measure(report ?? "", format ?? "csv", target ?? "file", out ?? "", Number(rows ?? 0));
} else await main();
