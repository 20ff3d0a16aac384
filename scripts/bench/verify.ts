// bench:verify — generates contact lists of 100k, 1M and 5M rows, then for each one
// times papaparse parse-only and the real processor and prints time, ratio, rows/s and
// peak RSS. Targets (issue 13, replacing issue 3's): processor ≤ 5× papaparse parse-only
// time; peak RSS ≤ 150 MB + 16 bytes per distinct address. Both are computed per size and
// judged on the processor as the worker runs it (WORKER_NODE_FLAGS, worker/node-flags.ts);
// V8's defaults' figures are judged beside them.
//
// Each measurement runs in a fresh `node` process so its peak RSS is its own. The runner
// is bundled with esbuild first, so the numbers are the processor's and not the
// TypeScript loader's (tsx keeps a second V8 isolate for its hooks, ~30 MB).
// The processor runs twice: with V8's defaults (a young generation V8 grows to 128 MB
// under this allocation rate) and with the worker's own flags.
//
// "read" times the processor's own CSV reader alone on the same file, next to papaparse's.
// Two lower bounds run beside them (see verify-run.ts): "copy", which writes the same two
// outputs by copying each line with the added columns, no parsing or judging; and "judge",
// the per-address work (analysis, domain book, duplicates) with no parsing or output.
// Their ratios to parse-only show how much of the processor's time any design must spend.
//
// Each measurement is taken RUNS times: the fastest time is reported (other processes on
// a shared 2-core machine only ever slow a run down) and the highest peak RSS.
//
// Then the .xlsx row (verify-xlsx.ts): the same rows as a CSV and as workbooks, through
// the processor. --xlsx-sizes picks its sizes (default 1,000,000; 0 skips it).
//
// Usage: npm run bench:verify [-- --sizes=100000,1000000] [--xlsx-sizes=1000000]
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { writeContactCsv } from "./verify-data";
import { WORKER_NODE_FLAGS } from "../../worker/node-flags";
import { benchmarkXlsx } from "./verify-xlsx";

const execFileAsync = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const RUNS = 2;

const TIME_TARGET_RATIO = 5;
const RSS_TARGET_BASE_BYTES = 150 * MB;
const RSS_TARGET_BYTES_PER_ADDRESS = 16;

type Measurement = { ms: number; rows: number; distinct?: number; peakRssBytes: number; hwmBytes: number | null };

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2));
  const xlsxSizes = parseSizes(process.argv.slice(2), "--xlsx-sizes=", [1_000_000]);
  const dir = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-verify-"));
  try {
    // One self-contained file (packages included), so it runs from the temp folder.
    const runner = path.join(dir, "verify-run.mjs");
    await build({
      entryPoints: [path.join(here, "verify-run.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      outfile: runner,
      // papaparse and the disposable list are CommonJS; give the ESM bundle a require.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: "error",
    });
    await benchmark(sizes, dir, runner);
    await benchmarkXlsx(xlsxSizes, dir, (flags, args) => measure(runner, flags, args));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchmark(sizes: readonly number[], dir: string, runner: string): Promise<void> {
  const cpu = os.cpus();
  console.log(`node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, load average ${os.loadavg()[0]?.toFixed(2)}`);
  // `--sizes=` with no sizes runs the .xlsx row alone.
  if (sizes.length === 0) return;
  console.log(
    "| rows | file MB | parse-only s | processor s | ratio | processor rows/s | peak RSS MB parse-only | peak RSS MB processor | " +
      "processor s (worker flags) | peak RSS MB processor (worker flags) | own reader s (ratio) | copy-only s (ratio) | judge-only s (ratio) | load avg |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const verdicts: string[] = [];
  for (const rows of sizes) {
    const file = path.join(dir, `contacts-${rows}.csv`);
    const outDir = path.join(dir, "out");
    await mkdir(outDir, { recursive: true });
    await writeContactCsv(file, rows);
    const { size } = await stat(file);
    const parse = await measure(runner, [], ["parse", file]);
    const processed = await measure(runner, [], ["process", file, outDir]);
    const tuned = await measure(runner, WORKER_NODE_FLAGS, ["process", file, outDir]);
    const read = await measure(runner, WORKER_NODE_FLAGS, ["read", file]);
    const copy = await measure(runner, WORKER_NODE_FLAGS, ["copy", file, outDir]);
    const judge = await measure(runner, WORKER_NODE_FLAGS, ["judge", file]);
    await rm(outDir, { recursive: true, force: true });
    await rm(file, { force: true });
    console.log(
      `| ${[
        rows.toLocaleString("en"),
        (size / MB).toFixed(0),
        seconds(parse),
        seconds(processed),
        `${(processed.ms / parse.ms).toFixed(1)}×`,
        Math.round(processed.rows / (processed.ms / 1000)).toLocaleString("en"),
        megabytes(parse),
        megabytes(processed),
        seconds(tuned),
        megabytes(tuned),
        `${seconds(read)} (${(read.ms / parse.ms).toFixed(1)}×)`,
        `${seconds(copy)} (${(copy.ms / parse.ms).toFixed(1)}×)`,
        `${seconds(judge)} (${(judge.ms / parse.ms).toFixed(1)}×)`,
        os.loadavg()[0]?.toFixed(2),
      ].join(" | ")} |`,
    );
    verdicts.push(judgeTargets(rows, parse, tuned, processed));
  }
  console.log("\nTargets (issue 13), judged on the processor as the worker runs it (its flags); V8 defaults in brackets:");
  console.log("| rows | distinct addresses | time target: 5 × parse-only | processor s | time | RSS target: 150 MB + 16 B × distinct | peak RSS MB | memory |");
  console.log("|---:|---:|---:|---:|---|---:|---:|---|");
  for (const line of verdicts) console.log(line);
}

// One row of the targets table: each target as computed for this size, the figure, met or missed.
function judgeTargets(rows: number, parse: Measurement, tuned: Measurement, processed: Measurement): string {
  const distinct = tuned.distinct ?? 0;
  const timeTargetMs = TIME_TARGET_RATIO * parse.ms;
  const rssTargetBytes = RSS_TARGET_BASE_BYTES + RSS_TARGET_BYTES_PER_ADDRESS * distinct;
  const rss = (measurement: Measurement) => Math.max(measurement.peakRssBytes, measurement.hwmBytes ?? 0);
  const verdict = (met: boolean) => (met ? "met" : "**MISSED**");
  return `| ${[
    rows.toLocaleString("en"),
    distinct.toLocaleString("en"),
    `${(timeTargetMs / 1000).toFixed(2)} s`,
    `${seconds(tuned)} (${seconds(processed)})`,
    `${verdict(tuned.ms <= timeTargetMs)} (${verdict(processed.ms <= timeTargetMs)})`,
    `${(rssTargetBytes / MB).toFixed(0)} MB`,
    `${megabytes(tuned)} (${megabytes(processed)})`,
    `${verdict(rss(tuned) <= rssTargetBytes)} (${verdict(rss(processed) <= rssTargetBytes)})`,
  ].join(" | ")} |`;
}

async function measure(runner: string, nodeFlags: readonly string[], args: readonly string[]): Promise<Measurement> {
  const runs: Measurement[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { stdout } = await execFileAsync(process.execPath, [...nodeFlags, runner, ...args], { maxBuffer: MB });
    runs.push(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Measurement);
  }
  const fastest = runs.reduce((best, run) => (run.ms < best.ms ? run : best));
  const peak = Math.max(...runs.map((run) => Math.max(run.peakRssBytes, run.hwmBytes ?? 0)));
  return { ...fastest, peakRssBytes: peak, hwmBytes: null };
}

function seconds(measurement: Measurement): string {
  return (measurement.ms / 1000).toFixed(2);
}

// Peak of the 50 ms samples, with the kernel's high-water mark when it is higher.
function megabytes(measurement: Measurement): string {
  return (Math.max(measurement.peakRssBytes, measurement.hwmBytes ?? 0) / MB).toFixed(0);
}

function parseSizes(args: readonly string[], flag = "--sizes=", defaults = [100_000, 1_000_000, 5_000_000]): number[] {
  const option = args.find((arg) => arg.startsWith(flag));
  if (option === undefined) return defaults;
  return option
    .slice(flag.length)
    .split(",")
    .map((size) => Number(size))
    .filter((size) => Number.isInteger(size) && size > 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
