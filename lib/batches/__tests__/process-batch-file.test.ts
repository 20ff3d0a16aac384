// The worker side of a batch against the real database, pg-boss and local storage.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { log } from "../../log";
import { queueHandlers } from "@/worker/queue-handlers";
import { workQueues } from "../../queue/work-queues";
import { storage } from "../../storage/storage";
import { batchOptionsSchema } from "../batch-options";
import { createBatch } from "../create-batch";
import { processBatchFile } from "../process-batch-file";

let worker: PgBoss;

beforeAll(async () => {
  // Its own database: queue workers in files running alongside must not take these files.
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  worker = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await worker.start();
  await workQueues(worker, queueHandlers);
});

afterAll(async () => {
  await worker.stop({ graceful: false });
});

async function storeFile(name: string, content: string | Buffer) {
  const key = `uploads/${randomUUID()}/0`;
  const body = Buffer.from(content);
  await storage().put(key, Readable.from([body]));
  return { key, originalName: name, bytes: body.length, sha256: "0".repeat(64), contentType: "text/csv" };
}

async function newBatch(files: Awaited<ReturnType<typeof storeFile>>[]) {
  const user = await db().user.create({ data: { email: `worker-${randomUUID()}@example.com` } });
  return createBatch(worker, { userId: user.id, source: "api", files, options: batchOptionsSchema.parse({}) });
}

async function waitForFinalBatch(batchId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const batch = await db().batch.findUniqueOrThrow({ where: { id: batchId }, include: { files: { orderBy: { position: "asc" } } } });
    if (!["queued", "processing"].includes(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`batch ${batchId} did not finish within ${timeoutMs} ms`);
}

const context = (isLastAttempt: boolean) => ({
  jobId: randomUUID(),
  signal: new AbortController().signal,
  retryCount: isLastAttempt ? 3 : 0,
  isLastAttempt,
  log,
  boss: worker,
});

describe("processing a batch", () => {
  it("processes each file, writes results, and finishes the batch once with mixed outcomes", async () => {
    const good = await storeFile("contacts.csv", "name,email\nAda,ada@acme.com\nBob,not-an-address\nCy,CY@Acme.com\n");
    const binary = await storeFile("photo.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x0a, 0x1a]));
    const batch = await newBatch([good, binary]);

    const finished = await waitForFinalBatch(batch.id);

    expect(finished.status).toBe("partial");
    const [done, failed] = finished.files;
    expect(done).toMatchObject({ status: "completed", rowsProcessed: 3 });
    expect(done?.summary).toMatchObject({ rows: 3, verdicts: { valid: 2, invalid: 1 } });
    const cleaned = await text(storage().get(done?.cleanedKey ?? ""));
    expect(cleaned.split(/\r?\n/).filter(Boolean)).toHaveLength(3);
    expect(cleaned).toContain("ada@acme.com");
    expect(cleaned).not.toContain("not-an-address");
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toMatch(/^This is not a CSV file/);
    expect(finished.stats).toMatchObject({ rows: 3, files: { total: 2, completed: 1, failed: 1 } });
    expect(await db().notificationEvent.count({ where: { batchId: batch.id } })).toBe(1);
  });

  it("retries a file that errors, and records the failure in words on the last attempt", async () => {
    const batch = await newBatch([{ key: `uploads/${randomUUID()}/0`, originalName: "gone.csv", bytes: 10, sha256: "0".repeat(64), contentType: "text/csv" }]);
    await worker.offWork("batch.process-file"); // drive this file by hand
    const fileId = batch.files[0]?.id ?? "";

    await expect(processBatchFile(fileId, context(false))).rejects.toThrow();
    expect((await db().batchFile.findUniqueOrThrow({ where: { id: fileId } })).status).toBe("processing");

    await expect(processBatchFile(fileId, context(true))).rejects.toThrow();
    const file = await db().batchFile.findUniqueOrThrow({ where: { id: fileId } });
    expect(file).toMatchObject({ status: "failed", attempts: 2 });
    expect(file.error).toMatch(/failed several times/);
    expect((await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe("failed");

    // A late duplicate delivery of the same file changes nothing.
    await processBatchFile(fileId, context(true));
    expect((await db().batchFile.findUniqueOrThrow({ where: { id: fileId } })).attempts).toBe(2);
  });
});
