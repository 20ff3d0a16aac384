// One measurement for bench:verify, run in its own process so its peak RSS is its own:
//   verify-run.ts parse <file>            papaparse only, same streaming mode and config
//   verify-run.ts process <file> <outdir> the real processor, outputs to files
// Prints one JSON line: { ms, rows, peakRssBytes, hwmBytes }.
import { createReadStream, createWriteStream, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { processContactList } from "../../lib/verification/process-contact-list";

const [mode, file, outDir] = process.argv.slice(2);

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

async function main(): Promise<void> {
  if (file === undefined) throw new Error("usage: verify-run.ts parse|process <file> [outdir]");
  const started = performance.now();
  let rows: number;
  if (mode === "parse") rows = await parseOnly(file);
  else if (mode === "process" && outDir !== undefined) rows = await processFile(file, outDir);
  else throw new Error(`unknown mode ${mode}`);
  const ms = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  clearInterval(sampler);
  process.stdout.write(`${JSON.stringify({ ms, rows, peakRssBytes: peakRss, hwmBytes: readHighWaterMark() })}\n`);
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

async function processFile(file: string, outDir: string): Promise<number> {
  const summary = await processContactList(createReadStream(file), {
    cleaned: createWriteStream(path.join(outDir, "cleaned.csv")),
    report: createWriteStream(path.join(outDir, "report.csv")),
    // As the worker will: storage knows the file's size.
    sizeHint: statSync(file).size,
  });
  return summary.rows;
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
