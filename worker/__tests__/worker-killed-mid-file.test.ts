// A worker killed in the middle of a file: another worker finishes the file, and the
// batch still ends with exactly one outcome and one event.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { db } from "@/lib/db/client";
import { ensureQueues } from "@/lib/queue/ensure-queues";
import { storage } from "@/lib/storage/storage";
import { killWorkers, startWorker, useOwnDatabase, waitFor } from "./support/worker-harness";

const ROWS = 2_000_000;

let boss: PgBoss;

beforeAll(async () => {
  // A database of its own: the workers started here must not take other files' jobs.
  process.env.DATABASE_URL = await useOwnDatabase();
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
});
afterEach(killWorkers);
afterAll(async () => boss.stop({ graceful: false }));

function* bigCsv() {
  yield "name,email\n";
  for (let i = 0; i < ROWS; i += 1000) {
    let chunk = "";
    for (let j = i; j < i + 1000; j += 1) chunk += `Person ${j},person.${j}@example.com\n`;
    yield chunk;
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
  const fileId = batch.files[0]?.id ?? "";
  const readFile = () => db().batchFile.findUniqueOrThrow({ where: { id: fileId } });

  const first = startWorker();
  await waitFor(readFile, (file) => file.rowsProcessed > 0 && file.status === "processing", 30_000);
  first.kill("SIGKILL");

  startWorker();
  const finished = await waitFor(readFile, (file) => file.status === "completed" || file.status === "failed", 60_000);

  expect(finished.status).toBe("completed");
  expect(finished.attempts).toBe(2);
  expect(finished.rowsProcessed).toBe(ROWS);
  expect((await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe("completed");
  expect(await db().notificationEvent.count({ where: { batchId: batch.id } })).toBe(1);
});
