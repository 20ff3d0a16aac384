// npm run bench:notify [-- --outcomes 10000 --users 500 --latency-outcomes 200 --latency-rate 20]
//
// Batch outcomes through the real notification pipeline: finishBatchIfDone writes
// each `batch.finished` event and queues its notify job; the real worker process
// (`npm run worker`, one process) decides the deliveries and sends each email with the
// real Resend SDK to a local Resend-compatible server (rate limit off, no failures).
//
// 1. Throughput: N outcomes are finished while no worker runs; then the worker starts.
//    emails/s = N / (last email at the server − worker ready). Target ≥ 500/s.
// 2. Exactly once: emails accepted at the server counted by delivery id (each email
//    names its delivery in X-Entity-Ref-ID; requests may carry up to 100 emails, one
//    Idempotency-Key each): 0 duplicates, 0 lost.
// 3. Latency at low load: with the worker running, outcomes finish at a steady rate;
//    batch finished → email at the server, p50 ≤ 250 ms, p99 ≤ 1 s.
// Baseline in the same run: the same emails sent straight from this process with the
// same SDK to the same server, 8 at a time — the ceiling without database or queue.
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { emailHeader, startFakeResendServer, type FakeResendServer } from "../../e2e/support/fake-resend-server";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { runMigrations } from "../../lib/db/migrate";
import { WORKER_NODE_FLAGS } from "../../worker/node-flags";

const TARGET_EMAILS_PER_SECOND = 500;
const TARGET_P50_MS = 250;
const TARGET_P99_MS = 1000;
const SUMMARY = { rows: 10_000, verdicts: { valid: 9_812, invalid: 188 }, reasons: { syntax: 188 } };

const { values: args } = parseArgs({
  options: {
    outcomes: { type: "string", default: "10000" },
    users: { type: "string", default: "500" },
    "latency-outcomes": { type: "string", default: "200" },
    "latency-rate": { type: "string", default: "20" },
  },
});
const OUTCOMES = Number(args.outcomes);
const USERS = Number(args.users);
const LATENCY_OUTCOMES = Number(args["latency-outcomes"]);
const LATENCY_RATE = Number(args["latency-rate"]);

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-notify-"));
  // mkdtemp makes the folder private; PostgreSQL runs as its own user when we are root.
  await chmod(root, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, "postgres") });
  const resend = await startFakeResendServer();
  let worker: ChildProcess | undefined;
  try {
    const databaseUrl = postgres.connectionString();
    await runMigrations({ connectionString: databaseUrl });
    Object.assign(process.env, {
      APP_ENV: "development",
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(root, "data"),
      RESEND_API_KEY: "re_bench",
      RESEND_BASE_URL: resend.url,
      // The local server has no rate limit, so neither has the client.
      RESEND_REQUESTS_PER_SECOND: "0",
      APP_URL: "http://localhost:3000",
      LOG_LEVEL: "warn",
    });
    // Imported only now: lib/env reads the settings above on first use.
    const { finishOutcomes, createBoss } = await benchHelpers();
    const boss = createBoss({ role: "web" });
    await boss.start();
    const { ensureQueues } = await import("../../lib/queue/ensure-queues");
    await ensureQueues(boss);

    console.log(`bench:notify — ${OUTCOMES} outcomes for ${USERS} users, one worker process, ${os.cpus().length} CPUs`);
    const baseline = await sendDirectly(resend, Math.min(OUTCOMES, 2000));
    resend.reset();

    await seed(databaseUrl, "t", OUTCOMES);
    let started = performance.now();
    await finishOutcomes(boss, "t", OUTCOMES);
    console.log(`  finished ${OUTCOMES} batches (events + notify jobs) in ${seconds(performance.now() - started)} s, no worker running`);

    const ready = startWorker();
    worker = ready.child;
    const readyAt = await ready.at;
    await waitForEmails(resend, OUTCOMES, 600_000);
    const lastAt = Math.max(...arrivals(resend).values());
    const throughput = OUTCOMES / ((lastAt - readyAt) / 1000);
    const exactness = await countExactness(databaseUrl, resend, "t");
    const stages = await stageRates(databaseUrl, readyAt);

    resend.reset();
    await seed(databaseUrl, "l", LATENCY_OUTCOMES);
    const finishedAt = new Map<string, number>();
    started = performance.now();
    for (let i = 0; i < LATENCY_OUTCOMES; i += 1) {
      const due = started + (i * 1000) / LATENCY_RATE;
      await sleep(Math.max(0, due - performance.now()));
      await finishOutcomes(boss, "l", 1, i);
      finishedAt.set(`bench-l-batch-${i}`, Date.now());
    }
    await waitForEmails(resend, LATENCY_OUTCOMES, 120_000);
    const latencies = await latenciesMs(databaseUrl, resend, finishedAt);
    await boss.stop({ graceful: false });

    report({ baseline, throughput, exactness, latencies, stages });
  } finally {
    // SIGTERM: a graceful stop lets a CPU profile (BENCH_CPU_PROFILE_DIR) be written.
    worker?.kill("SIGTERM");
    if (worker) await new Promise((resolve) => worker!.once("exit", resolve));
    await resend.stop();
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  }
}

async function benchHelpers() {
  const [{ db }, { finishBatchIfDone }, { createBoss }] = await Promise.all([
    import("../../lib/db/client"),
    import("../../lib/batches/finish-batch-if-done"),
    import("../../lib/queue/boss"),
  ]);
  /** Finishes batches `bench-<run>-batch-<from…from+count>` the way the worker does, 16 at a time. */
  async function finishOutcomes(boss: Awaited<ReturnType<typeof createBoss>>, run: string, count: number, from = 0) {
    let next = from;
    const lane = async () => {
      while (next < from + count) {
        const id = `bench-${run}-batch-${next++}`;
        await db().$transaction((tx) => finishBatchIfDone(tx, id, { boss }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, count) }, lane));
  }
  return { finishOutcomes, createBoss };
}

/** Users, and batches with one completed file each, still "processing": one step from finished. */
async function seed(databaseUrl: string, run: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "User" (id, email, "updatedAt") SELECT 'bench-user-' || g, 'bench-' || g || '@example.com', now()
       FROM generate_series(0, $1 - 1) g ON CONFLICT DO NOTHING`,
      [USERS],
    );
    await client.query(
      `INSERT INTO "Batch" (id, "userId", status, source, options, "fileCount", "totalBytes", "expiresAt", "updatedAt")
       SELECT 'bench-' || $2 || '-batch-' || g, 'bench-user-' || (g % $3), 'processing', 'api', '{}', 1, 1000, now() + interval '30 days', now()
       FROM generate_series(0, $1 - 1) g`,
      [count, run, USERS],
    );
    await client.query(
      `INSERT INTO "Job" (id, "batchId", position, "originalName", "storageKey", bytes, sha256, status, summary, "updatedAt")
       SELECT 'bench-' || $2 || '-job-' || g, 'bench-' || $2 || '-batch-' || g, 0, 'contacts-' || g || '.csv', 'k', 1000, '0', 'completed', $3::jsonb, now()
       FROM generate_series(0, $1 - 1) g`,
      [count, run, JSON.stringify(SUMMARY)],
    );
  } finally {
    await client.end();
  }
}

function startWorker(): { child: ChildProcess; at: Promise<number> } {
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, ...profile, "--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const at = new Promise<number>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      if (buffered.includes('"event":"worker.ready"')) resolve(Date.now());
      // Keep only the tail: the worker logs a line per job.
      if (buffered.length > 4096) buffered = buffered.slice(-256);
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return { child, at };
}

/** First arrival at the server of each delivery (by its X-Entity-Ref-ID), epoch ms. */
function arrivals(resend: FakeResendServer): Map<string, number> {
  const first = new Map<string, number>();
  for (const request of resend.requests()) {
    const emails = Array.isArray(request.body) ? request.body : [request.body];
    for (const email of emails as { headers?: Record<string, string> }[]) {
      const id = email?.headers?.["X-Entity-Ref-ID"];
      if (id && !first.has(id)) first.set(id, request.receivedAt.getTime());
    }
  }
  return first;
}

async function waitForEmails(resend: FakeResendServer, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (resend.emails().length < count) {
    if (Date.now() > deadline) throw new Error(`only ${resend.emails().length} of ${count} emails arrived within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
  // Anything still in flight (a duplicate would be) has a moment to arrive.
  await sleep(1000);
}

type Exactness = { outcomes: number; accepted: number; distinctDeliveries: number; duplicates: number; lost: number; requests: number };

async function countExactness(databaseUrl: string, resend: FakeResendServer, run: string): Promise<Exactness> {
  const accepted = resend.emails();
  const distinct = new Set(accepted.map((email) => emailHeader(email, "X-Entity-Ref-ID")));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT d.id FROM "Delivery" d JOIN "NotificationEvent" e ON e.id = d."eventId"
       WHERE d.channel = 'email' AND e."batchId" LIKE $1`,
      [`bench-${run}-batch-%`],
    );
    const expected = new Set(rows.map((row) => row.id));
    return {
      outcomes: OUTCOMES,
      accepted: accepted.length,
      distinctDeliveries: distinct.size,
      duplicates: accepted.length - distinct.size,
      lost: [...expected].filter((id) => !distinct.has(id)).length + Math.max(0, OUTCOMES - expected.size),
      requests: resend.requests().length,
    };
  } finally {
    await client.end();
  }
}

type Stages = { notifyDoneMs: number; notifyPerSecond: number; sendDoneMs: number };

/** Where the time went: when the notify stage and the send stage finished, from worker ready. */
async function stageRates(databaseUrl: string, readyAt: number): Promise<Stages> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ notified: Date; sent: Date }>(
      `SELECT (SELECT max("processedAt") FROM "NotificationEvent") AS notified, (SELECT max("sentAt") FROM "Delivery") AS sent`,
    );
    const notifyDoneMs = rows[0]!.notified.getTime() - readyAt;
    return { notifyDoneMs, notifyPerSecond: OUTCOMES / (notifyDoneMs / 1000), sendDoneMs: rows[0]!.sent.getTime() - readyAt };
  } finally {
    await client.end();
  }
}

async function latenciesMs(databaseUrl: string, resend: FakeResendServer, finishedAt: Map<string, number>): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; batchId: string }>(
      `SELECT d.id, e."batchId" FROM "Delivery" d JOIN "NotificationEvent" e ON e.id = d."eventId" WHERE d.channel = 'email' AND e."batchId" LIKE 'bench-l-batch-%'`,
    );
    const arrived = arrivals(resend);
    return rows.flatMap((row) => {
      const at = arrived.get(row.id);
      const finished = finishedAt.get(row.batchId);
      return at !== undefined && finished !== undefined ? [at - finished] : [];
    });
  } finally {
    await client.end();
  }
}

/** The ceiling: the same SDK and server, no database, no queue, 8 requests in flight. */
async function sendDirectly(resend: FakeResendServer, count: number): Promise<number> {
  const { Resend } = await import("resend");
  const client = new Resend("re_bench", { baseUrl: resend.url });
  const html = `<p>${"x".repeat(8000)}</p>`;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await client.emails.send(
        { from: "bench@example.com", to: [`direct-${i}@example.com`], subject: "baseline", html, text: "baseline" },
        { idempotencyKey: `direct-${i}` },
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return count / ((performance.now() - started) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const verdict = (met: boolean) => (met ? "MET" : "MISSED");

function report({ baseline, throughput, exactness, latencies, stages }: { baseline: number; throughput: number; exactness: Exactness; latencies: number[]; stages: Stages }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  console.log("");
  console.log(`  baseline: SDK → server directly, 8 in flight      ${baseline.toFixed(0)} emails/s`);
  console.log(`  pipeline: outcome → notify → send → server        ${throughput.toFixed(0)} emails/s   (${(throughput / baseline).toFixed(2)}× baseline; target ≥ ${TARGET_EMAILS_PER_SECOND}: ${verdict(throughput >= TARGET_EMAILS_PER_SECOND)})`);
  console.log(`    of which: notify decided all events after ${seconds(stages.notifyDoneMs)} s (${stages.notifyPerSecond.toFixed(0)} events/s); last email marked sent after ${seconds(stages.sendDoneMs)} s`);
  console.log(`  exactly once: ${exactness.accepted} accepted for ${exactness.outcomes} outcomes, ${exactness.duplicates} duplicates, ${exactness.lost} lost, ${exactness.requests} requests   (${verdict(exactness.duplicates === 0 && exactness.lost === 0)})`);
  console.log(`  latency at ${LATENCY_RATE}/s (${sorted.length} outcomes): p50 ${p50.toFixed(0)} ms (target ≤ ${TARGET_P50_MS}: ${verdict(p50 <= TARGET_P50_MS)}), p99 ${p99.toFixed(0)} ms (target ≤ ${TARGET_P99_MS}: ${verdict(p99 <= TARGET_P99_MS)}), max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
