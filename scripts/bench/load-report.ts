// bench:load's figures as the BENCHMARKS.md section: the big list against its
// baseline, the query plans, and the load run per kind of request, with the
// processes' memory and CPU and the machine's load.
import os from "node:os";
import type { QueryPlan } from "./load-explain";
import { KINDS, type Kind, type Sample } from "./load-people";

export type BigListTiming = { label: string; ttfb: number[]; total: number[] };
export type ProcessFigures = {
  webRssMiB: number;
  workerRssMiB: number;
  webCpuS: number;
  workerCpuS: number;
  /** The postmaster and its backends; CPU only (their RSS counts shared buffers once per process). */
  postgresCpuS: number;
  pids: { web: number[]; worker: number[] };
};

export type LoadRun = {
  /** The command line as run, for the record. */
  command: string;
  durationS: number;
  elapsedS: number;
  peopleCount: number;
  thinkMs: [number, number];
  batches: number;
  samples: Sample[];
  bigList: BigListTiming[];
  plans: QueryPlan[];
  before: ProcessFigures;
  after: ProcessFigures;
  rssTrail: { at: number; web: number; worker: number }[];
  /** The machine's 1-minute load average every 5 s from `startedAt`. */
  load: number[];
  startedAt: number;
  clientCpuS: number;
  /** The bench process's own event-loop delay: a stalled client would inflate every latency. */
  clientLoopDelayMs: { p99: number; max: number };
  backlog: number;
  rowsProcessed: number;
};

const TARGET_BIG_LIST_TTFB_MS = 200;
const TARGET_DASHBOARD_P99_MS = 500;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => (Number.isNaN(value) ? "—" : `${value.toFixed(0)} ms`);
const mib = (value: number) => `${value.toFixed(0)} MiB`;

/** The plan's lines that say how rows were found, with the time; the rest is detail. */
function planSummary(plan: QueryPlan): string[] {
  const how = plan.lines.filter((line) => /Scan|Sort \(|Limit|Aggregate|Index Cond|Rows Removed|Heap Fetches/.test(line) && !/^\s*Planning/.test(line));
  return [...how.map((line) => (line.length > 160 ? `${line.slice(0, 157)}…` : line)), ...plan.lines.filter((line) => line.startsWith("Execution Time"))];
}

/** The last sample of each minute: enough to tell a level from a climb. */
function rssEachMinute(trail: LoadRun["rssTrail"]): string {
  const byMinute = new Map<number, { web: number; worker: number }>();
  for (const point of trail) byMinute.set(Math.floor(point.at / 60_000), point);
  return [...byMinute.entries()].map(([minute, point]) => `${minute + 1} min ${mib(point.web)} / ${mib(point.worker)}`).join(", ");
}

const LOAD_BANDS: [low: number, high: number][] = [
  [0, 6],
  [6, 9],
  [9, Number.POSITIVE_INFINITY],
];

/** Dashboard latency split by the machine's load at the time: how much of the tail is the neighbours. */
export function dashboardByMachineLoad(samples: Sample[], load: number[], startedAt: number): string[] {
  const loadAt = (sample: Sample) => load[Math.floor((sample.at - startedAt) / 5000)] ?? load.at(-1) ?? 0;
  const dashboard = samples.filter((sample) => sample.kind === "dashboard" && !sample.error);
  return LOAD_BANDS.map(([low, high]) => {
    const totals = dashboard.filter((sample) => loadAt(sample) >= low && loadAt(sample) < high).map((sample) => sample.totalMs);
    const band = high === Number.POSITIVE_INFINITY ? `≥ ${low}` : `${low}–${high}`;
    return `| ${band} | ${totals.length} | ${ms(percentile(totals, 50))} | ${ms(percentile(totals, 99))} |`;
  });
}

export function loadReport(run: LoadRun): { markdown: string; met: boolean } {
  const { samples, before, after } = run;
  const kinds = (Object.keys(KINDS) as Kind[]).filter((kind) => samples.some((sample) => sample.kind === kind));
  const errors = samples.filter((sample) => sample.error);
  const dashboard = samples.filter((sample) => sample.kind === "dashboard" && !sample.error).map((sample) => sample.totalMs);
  const dashboardP99 = percentile(dashboard, 99);
  const bigFirstBytes = run.bigList.filter((timing) => !timing.label.includes("baseline")).map((timing) => percentile(timing.ttfb, 50));
  const worstBigTtfb = Math.max(...bigFirstBytes);
  const bigOk = worstBigTtfb <= TARGET_BIG_LIST_TTFB_MS;
  const dashboardOk = dashboardP99 <= TARGET_DASHBOARD_P99_MS;
  const errorsOk = errors.length === 0;
  const peak = (pick: (point: { web: number; worker: number }) => number) => Math.max(...run.rssTrail.map(pick), 0);
  const cpus = os.cpus();
  const busy = (seconds: number) => `${seconds.toFixed(0)} s (${((seconds / run.elapsedS) * 100).toFixed(0)}% of one core)`;
  const meanLoad = run.load.reduce((sum, value) => sum + value, 0) / Math.max(run.load.length, 1);
  const count = run.batches.toLocaleString("en");
  const webCpuPerRequestMs = ((after.webCpuS - before.webCpuS) * 1000) / Math.max(samples.length, 1);

  const markdown = [
    "## bench:load",
    "",
    `\`${run.command}\`: the real app as \`npm start\` runs it (production build, web server and`,
    "worker as separate processes) over an embedded PostgreSQL in a throwaway folder, all on",
    "127.0.0.1, driven from one process with `fetch`. People are seeded straight into the database",
    "with a session and an API token each (no sign-in e-mails, so the sign-in rate limits stay out",
    "of the figures). Time to first byte is when the response headers arrived; \"complete\" is the",
    "last byte of the body.",
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"},`,
    `${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}. The machine is shared:`,
    `load average ${Math.min(...run.load).toFixed(1)}–${Math.max(...run.load).toFixed(1)} (mean ${meanLoad.toFixed(1)}) during the run.`,
    "",
    `### The list with ${count} batches in one account`,
    "",
    `${count} finished batches (one file each) in one account, against an account with 20 in the same`,
    `run (the baseline). Idle app, one request at a time, ${run.bigList[0]?.ttfb.length ?? 0} requests each after two to warm up.`,
    "",
    "| request | first byte p50 | first byte p99 | complete p50 | complete p99 |",
    "| --- | --- | --- | --- | --- |",
    ...run.bigList.map((timing) => `| ${timing.label} | ${ms(percentile(timing.ttfb, 50))} | ${ms(percentile(timing.ttfb, 99))} | ${ms(percentile(timing.total, 50))} | ${ms(percentile(timing.total, 99))} |`),
    "",
    `Target: first byte ≤ ${TARGET_BIG_LIST_TTFB_MS} ms with ${count} batches, judged on the worst median — ${ms(worstBigTtfb)}, ${bigOk ? "met" : "MISSED"}.`,
    "The p99 of 40 requests is their slowest one; on this shared machine it follows what the neighbours",
    "are doing at that moment (compare the baseline account's p99).",
    "",
    "The queries behind a page (EXPLAIN ANALYZE on that account, plan lines that say how rows are found):",
    "",
    ...run.plans.flatMap((plan) => [`- ${plan.label}:`, "  ```", ...planSummary(plan).map((line) => `  ${line}`), "  ```"]),
    "",
    "### Under load",
    "",
    `${run.peopleCount} people at once for ${run.durationS} s (${run.elapsedS.toFixed(0)} s with the last requests), each thinking ${run.thinkMs[0] / 1000}–${run.thinkMs[1] / 1000} s between`,
    "requests: upload a CSV of 1k, 5k, 20k or 100k rows (weights 4:3:2:1; by the dashboard's route and the",
    "API in turn), poll it (the batch page and the API) until it has finished, download its cleaned",
    "and report CSVs, look at the dashboard and the API list in between, upload the next. One of them",
    `owns the account with ${count} batches and pages through it with the API's cursor.`,
    "",
    "| request | count | per second | first byte p50 | p50 | p99 | max | errors |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...kinds.map((kind) => {
      const ofKind = samples.filter((sample) => sample.kind === kind);
      const good = ofKind.filter((sample) => !sample.error);
      const totals = good.map((sample) => sample.totalMs);
      return `| ${KINDS[kind]} | ${ofKind.length} | ${(ofKind.length / run.elapsedS).toFixed(2)} | ${ms(percentile(good.map((sample) => sample.ttfbMs), 50))} | ${ms(percentile(totals, 50))} | ${ms(percentile(totals, 99))} | ${ms(totals.length > 0 ? Math.max(...totals) : Number.NaN)} | ${ofKind.length - good.length} |`;
    }),
    `| **all** | ${samples.length} | ${(samples.length / run.elapsedS).toFixed(1)} | | | | | ${errors.length} |`,
    "",
    `Targets: 0 errors — ${errors.length}, ${errorsOk ? "met" : "MISSED"}; dashboard p99 ≤ ${TARGET_DASHBOARD_P99_MS} ms while the worker is busy — ${ms(dashboardP99)}, ${dashboardOk ? "met" : "MISSED"}.`,
    "",
    "The dashboard by the machine's load average at the time of the request (2 cores; the bench's",
    "own processes account for roughly 1 of it):",
    "",
    "| load average | requests | p50 | p99 |",
    "| --- | --- | --- | --- |",
    ...dashboardByMachineLoad(samples, run.load, run.startedAt),
    "",
    "| process | RSS at start | RSS at end | RSS peak | CPU during the run |",
    "| --- | --- | --- | --- | --- |",
    `| web (next start) | ${mib(before.webRssMiB)} | ${mib(after.webRssMiB)} | ${mib(peak((point) => point.web))} | ${busy(after.webCpuS - before.webCpuS)} |`,
    `| worker | ${mib(before.workerRssMiB)} | ${mib(after.workerRssMiB)} | ${mib(peak((point) => point.worker))} | ${busy(after.workerCpuS - before.workerCpuS)} |`,
    `| PostgreSQL (postmaster and backends) | | | | ${busy(after.postgresCpuS - before.postgresCpuS)} |`,
    `| the bench's client (all ${run.peopleCount} people) | | | | ${busy(run.clientCpuS)}; event-loop delay p99 ${ms(run.clientLoopDelayMs.p99)}, max ${ms(run.clientLoopDelayMs.max)} |`,
    "",
    `RSS is VmRSS from /proc/<pid>/status of the real processes, sampled every 5 s; each minute of the run (web / worker):`,
    `${rssEachMinute(run.rssTrail)}.`,
    `The worker verified ${run.rowsProcessed.toLocaleString("en")} rows in the run; ${run.backlog} file(s) were still queued or processing when it ended.`,
    `The web server spent ${webCpuPerRequestMs.toFixed(1)} ms of CPU per request on average (all kinds, uploads included): what a`,
    "request costs the app, apart from the time it waited for a core on this shared machine.",
    "",
  ].join("\n");
  return { markdown, met: bigOk && dashboardOk && errorsOk };
}
