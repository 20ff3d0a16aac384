// A worker killed in the middle of a file: another worker finishes the file, and the
// batch still ends with exactly one outcome and one event.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { db } from "@/lib/db/client";
import { ensureQueues } from "@/lib/queue/register-queues";
import { storage } from "@/lib/storage/storage";

const ROWS = 2_000_000;

let boss: PgBoss;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
});
afterEach(() => {
  for (const worker of workers.splice(0)) if (worker.exitCode === null) worker.kill("SIGKILL");
});
afterAll(async () => boss.stop({ graceful: false }));

function startWorker(): ChildProcess {
  // `--import tsx`, not the tsx CLI: the CLI runs the worker in a child process, which a
  // SIGKILL to the CLI would leave running.
  const worker = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], { env: { ...process.env, LOG_LEVEL: "warn" }, stdio: "ignore" });
  workers.push(worker);
  return worker;
}

function* bigCsv() {
  yield "name,email\n";
  for (let i = 0; i < ROWS; i += 1000) {
    let chunk = "";
    for (let j = i; j < i + 1000; j += 1) chunk += `Person ${j},person.${j}@example.com\n`;
    yield chunk;
  }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("hands a file whose worker was killed to another worker, and finishes the batch once", { timeout: 90_000 }, async () => {
  const key = `uploads/${randomUUID()}/0`;
  const { bytes } = await storage().put(key, Readable.from(bigCsv()));
  const user = await db().user.create({ data: { email: `killed-${randomUUID()}@example.com` } });
  const batch = await createBatch(boss, {
    userId: user.id,
    source: "api",
    files: [{ key, originalName: "big.csv", bytes, sha256: "0".repeat(64), contentType: "text/csv" }],
    options: batchOptionsSchema.parse({}),
  });
  const jobId = batch.jobs[0]?.id ?? "";
  const readJob = () => db().job.findUniqueOrThrow({ where: { id: jobId } });

  const first = startWorker();
  await waitFor(readJob, (job) => job.rowsProcessed > 0 && job.status === "processing", 30_000);
  first.kill("SIGKILL");

  startWorker();
  const finished = await waitFor(readJob, (job) => job.status === "completed" || job.status === "failed", 60_000);

  expect(finished.status).toBe("completed");
  expect(finished.attempts).toBe(2);
  expect(finished.rowsProcessed).toBe(ROWS);
  expect((await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe("completed");
  expect(await db().notificationEvent.count({ where: { batchId: batch.id } })).toBe(1);
});
