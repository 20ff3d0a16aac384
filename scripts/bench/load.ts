// npm run bench:load [-- --duration 300 --people 50 --port 3927 --batches 10000 --samples-out FILE] — the
// real app (`npm start`: web server and worker, over an embedded PostgreSQL in a
// throwaway folder) under simulated people for a bounded time. First the list with
// 10,000 batches in one account is timed against an account with 20 (the baseline,
// same run), with the query plans; then `--people` people at once upload 1k–100k-row
// CSVs, poll their batch pages and the API, download results and look at the dashboard.
// People get a seeded database session and API token (no sign-in e-mails, so the
// sign-in rate limits stay out of it). Only loopback; stops by itself, cleans up.
// Results go to BENCHMARKS.md ("bench:load") for runs of 5 minutes or more.
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { encodeBatchCursor } from "../../lib/batches/batch-cursor";
import { createDb, db } from "../../lib/db/client";
import { cpuSeconds, rssMiB, startApp, type RunningApp } from "./load-app";
import { explainList } from "./load-explain";
import { KINDS, runPerson, type Sample } from "./load-people";
import { loadReport, type BigListTiming, type ProcessFigures } from "./load-report";
import { seedFinishedBatches, seedPeople, type Person } from "./load-seed";
import { writeBenchmarkSection } from "./write-section";

const SAMPLE_EVERY_MS = 5_000;
const BIG_LIST_REQUESTS = 40;

function numberArg(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index === -1 ? fallback : Number(args[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

/** Time to first byte and to last byte of `count` requests in a row, after two to warm up. */
async function timeSequential(url: string, headers: Record<string, string>, count: number): Promise<{ ttfb: number[]; total: number[] }> {
  const ttfb: number[] = [];
  const total: number[] = [];
  for (let index = -2; index < count; index += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers, redirect: "manual" });
    const first = performance.now() - started;
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
    if (index < 0) continue;
    ttfb.push(first);
    total.push(performance.now() - started);
  }
  return { ttfb, total };
}

async function measureBigList(app: RunningApp, big: Person, small: Person, batches: number): Promise<BigListTiming[]> {
  const deep = await db().batch.findMany({ where: { userId: big.userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: Math.floor(batches / 2), take: 1 });
  const deepCursor = encodeBatchCursor({ direction: "older", createdAt: deep[0]!.createdAt, id: deep[0]!.id });
  const cookie = (person: Person) => ({ cookie: `authjs.session-token=${person.sessionToken}` });
  const bearer = (person: Person) => ({ authorization: `Bearer ${person.apiToken}` });
  const plan: [string, string, Record<string, string>][] = [
    [`dashboard, first page — 20 batches (baseline)`, "/dashboard", cookie(small)],
    [`dashboard, first page — ${batches.toLocaleString("en")} batches`, "/dashboard", cookie(big)],
    [`dashboard, page ${Math.floor(batches / 2 / 20) + 1} (Older ×${Math.floor(batches / 2 / 20)}) — ${batches.toLocaleString("en")} batches`, `/dashboard?cursor=${deepCursor}`, cookie(big)],
    [`API list, limit 50 — 20 batches (baseline)`, "/api/v1/batches?limit=50", bearer(small)],
    [`API list, limit 50 — ${batches.toLocaleString("en")} batches`, "/api/v1/batches?limit=50", bearer(big)],
    [`API list, limit 50, cursor at batch ${Math.floor(batches / 2).toLocaleString("en")}`, `/api/v1/batches?limit=50&cursor=${deepCursor}`, bearer(big)],
  ];
  const timings: BigListTiming[] = [];
  for (const [label, path, headers] of plan) {
    const { ttfb, total } = await timeSequential(`${app.baseUrl}${path}`, headers, BIG_LIST_REQUESTS);
    timings.push({ label, ttfb, total });
    console.log(`${label.padEnd(70)} first byte p50 ${percentile(ttfb, 50).toFixed(0)} ms, p99 ${percentile(ttfb, 99).toFixed(0)} ms`);
  }
  return timings;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function processFigures(app: RunningApp): ProcessFigures {
  const { web, worker, postgres } = app.pids();
  const sum = (pids: number[], read: (pid: number) => number | null) => pids.reduce((total, pid) => total + (read(pid) ?? 0), 0);
  return { webRssMiB: sum(web, rssMiB), workerRssMiB: sum(worker, rssMiB), webCpuS: sum(web, cpuSeconds), workerCpuS: sum(worker, cpuSeconds), postgresCpuS: sum(postgres, (pid) => cpuSeconds(pid, { reapedChildren: pid === postgres[0] })), pids: { web, worker } };
}

async function main(): Promise<void> {
  // This process's own log lines (one per API token seeded) are not figures.
  process.env.LOG_LEVEL = "warn";
  const args = process.argv.slice(2);
  const durationS = numberArg(args, "--duration", 300);
  const peopleCount = numberArg(args, "--people", 50);
  const port = numberArg(args, "--port", 3927);
  const batches = numberArg(args, "--batches", 10_000);
  const thinkMs: [number, number] = [numberArg(args, "--think-min-ms", 1000), numberArg(args, "--think-max-ms", 3000)];

  console.log(`Starting the app on 127.0.0.1:${port} (npm start; builds first when the sources changed)…`);
  const app = await startApp(port);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await db().$disconnect().catch(() => undefined);
    await app.stop();
  };
  const onSignal = () => void stop().then(() => process.exit(130));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    // db() (used by the seeding helpers too) is the app's database: the process-wide client
    // lives on globalThis, so put one there before anything asks for it.
    (globalThis as { tidingsPrisma?: unknown }).tidingsPrisma = createDb(app.databaseUrl);
    const tag = Date.now().toString(36);
    const people = await seedPeople(peopleCount + 1, tag);
    const small = people.pop()!;
    const big = people[0]!;
    console.log(`Seeding ${batches.toLocaleString("en")} finished batches into one account…`);
    await seedFinishedBatches(big.userId, batches);
    await seedFinishedBatches(small.userId, 20);
    const plans = await explainList(big.userId);
    for (const plan of plans) console.log(`\nEXPLAIN ANALYZE — ${plan.label}\n${plan.lines.join("\n")}`);

    console.log("\nThe list with many batches, idle app, one request at a time:");
    const bigList = await measureBigList(app, big, small, batches);

    const before = processFigures(app);
    const load: number[] = [];
    const samples: Sample[] = [];
    const rssTrail: { at: number; web: number; worker: number }[] = [];
    const clientCpuBefore = process.cpuUsage();
    // The client's own stalls would show up as server latency; measure them to rule that out.
    const clientDelay = monitorEventLoopDelay({ resolution: 10 });
    clientDelay.enable();
    const started = Date.now();
    const deadline = started + durationS * 1000;
    const hardStop = new AbortController();
    const sampler = setInterval(() => {
      load.push(os.loadavg()[0]!);
      const now = processFigures(app);
      rssTrail.push({ at: Date.now() - started, web: now.webRssMiB, worker: now.workerRssMiB });
      const recent = samples.filter((sample) => sample.at > Date.now() - SAMPLE_EVERY_MS);
      console.log(
        `${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s  ${(recent.length / (SAMPLE_EVERY_MS / 1000)).toFixed(1).padStart(5)} req/s  ` +
          `errors ${samples.filter((sample) => sample.error).length}  load ${os.loadavg()[0]!.toFixed(2)}  web ${now.webRssMiB.toFixed(0)} MiB  worker ${now.workerRssMiB.toFixed(0)} MiB`,
      );
    }, SAMPLE_EVERY_MS);
    console.log(`\n${peopleCount} people for ${durationS} s (web pid ${before.pids.web.join(",")}, worker pid ${before.pids.worker.join(",")}):`);
    const hardStopTimer = setTimeout(() => hardStop.abort(), durationS * 1000 + 60_000);
    await Promise.all(
      people.map((person, index) =>
        // Staggered over the first 5 s, as people do not all arrive in the same millisecond.
        new Promise((resolve) => setTimeout(resolve, (index / people.length) * 5000)).then(() =>
          runPerson(person, { baseUrl: app.baseUrl, deadline, thinkMs, signal: hardStop.signal, record: (sample) => samples.push(sample) }, index === 0),
        ),
      ),
    );
    clearTimeout(hardStopTimer);
    clearInterval(sampler);
    const elapsedS = (Date.now() - started) / 1000;
    const after = processFigures(app);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    clientDelay.disable();
    const samplesOut = args.includes("--samples-out") ? args[args.indexOf("--samples-out") + 1] : undefined;
    if (samplesOut) await writeFile(samplesOut, JSON.stringify({ started, samples, rssTrail, load }));
    const backlog = await db().batchFile.count({ where: { status: { in: ["queued", "processing"] } } });
    const rowsDone = await db().batchFile.aggregate({ _sum: { rowsProcessed: true }, where: { batch: { userId: { not: big.userId } }, status: { in: ["completed", "failed"] } } });

    const errors = samples.filter((sample) => sample.error);
    for (const error of errors.slice(0, 10)) console.log(`error: ${KINDS[error.kind]}: ${error.error}`);
    const { markdown, met } = loadReport({
      command: ["npm run bench:load", ...(args.length > 0 ? ["--", ...args] : [])].join(" "),
      durationS,
      elapsedS,
      peopleCount,
      thinkMs,
      batches,
      samples,
      bigList,
      plans,
      before,
      after,
      rssTrail,
      load,
      startedAt: started,
      clientCpuS: (clientCpu.user + clientCpu.system) / 1e6,
      clientLoopDelayMs: { p99: clientDelay.percentile(99) / 1e6, max: clientDelay.max / 1e6 },
      backlog,
      rowsProcessed: rowsDone._sum.rowsProcessed ?? 0,
    });
    console.log(`\n${markdown}`);
    console.log(met ? "Targets met." : "Targets MISSED (see above).");
    if (durationS >= 300) console.log(`Results written to ${await writeBenchmarkSection("## bench:load", markdown)}`);
    else console.log("Not written to BENCHMARKS.md: it records runs of 5 minutes or more.");
  } finally {
    await stop();
  }
}

await main();
