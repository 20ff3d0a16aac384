// Cancel, retry, delete and expiry of batches, against the real database, pg-boss and storage.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { ensureQueues } from "../../queue/ensure-queues";
import { storage } from "../../storage/storage";
import { batchOptionsSchema } from "../batch-options";
import { cancelBatch } from "../cancel-batch";
import { createBatch } from "../create-batch";
import { deleteBatch, deleteExpiredBatches } from "../delete-batch";
import { finishBatchIfDone } from "../finish-batch-if-done";
import { reopenFile } from "../reopen-file-for-replay";
import { retryFailedFiles } from "../retry-failed-files";

// Creates queues but works none: these tests move files by hand.
let boss: PgBoss;
beforeAll(async () => {
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
});
afterAll(async () => boss.stop({ graceful: false }));

async function newBatch(fileCount = 2) {
  const user = await db().user.create({ data: { email: `life-${randomUUID()}@example.com` } });
  const files = [];
  for (let i = 0; i < fileCount; i += 1) {
    const key = `uploads/${randomUUID()}/${i}`;
    await storage().put(key, Readable.from([Buffer.from("email\na@example.com\n")]));
    files.push({ key, originalName: `f${i}.csv`, bytes: 20, sha256: "0".repeat(64), contentType: "text/csv" });
  }
  const batch = await createBatch(boss, { userId: user.id, source: "dashboard", files, options: batchOptionsSchema.parse({}) });
  return { user, batch };
}

async function queueStates(batchId: string) {
  const files = await db().batchFile.findMany({ where: { batchId }, select: { queueJobId: true } });
  const ids = files.flatMap((file) => (file.queueJobId ? [file.queueJobId] : []));
  const rows = await db().$queryRaw<{ state: string }[]>`SELECT state FROM pgboss.job WHERE id::text = ANY(${ids})`;
  return rows.map((row) => row.state).sort();
}

async function failAll(batchId: string) {
  await db().$transaction(async (tx) => {
    await tx.batchFile.updateMany({ where: { batchId }, data: { status: "failed", error: "broken" } });
    await finishBatchIfDone(tx, batchId, { boss });
  });
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => "ok", (error: unknown) => (error instanceof AppError ? error.code : String(error)));

describe("batch lifecycle", () => {
  it("cancels a running batch: files cancelled, queued work withdrawn, no notification", async () => {
    const { user, batch } = await newBatch();
    await cancelBatch(boss, user.id, batch.id);

    const stored = await db().batch.findUniqueOrThrow({ where: { id: batch.id }, include: { files: true } });
    expect(stored.status).toBe("cancelled");
    expect(stored.files.map((file) => file.status)).toEqual(["cancelled", "cancelled"]);
    expect(await queueStates(batch.id)).toEqual(["cancelled", "cancelled"]);
    expect(await db().notificationEvent.count({ where: { batchId: batch.id } })).toBe(0);
    expect(await codeOf(cancelBatch(boss, user.id, batch.id))).toBe("conflict");
  });

  it("retries only failed files, once the batch has finished", async () => {
    const { user, batch } = await newBatch();
    expect(await codeOf(retryFailedFiles(boss, user.id, batch.id))).toBe("conflict"); // still running
    await failAll(batch.id);

    expect(await retryFailedFiles(boss, user.id, batch.id)).toEqual({ retried: 2 });
    const stored = await db().batch.findUniqueOrThrow({ where: { id: batch.id }, include: { files: true } });
    expect(stored.status).toBe("processing");
    expect(stored.files.every((file) => file.status === "queued" && file.error === null)).toBe(true);
    expect((await queueStates(batch.id)).filter((state) => state === "created")).toHaveLength(2);
  });

  it("reopens a file that gave up, and its batch, for an admin's Replay; a cancelled batch stays cancelled", async () => {
    const { batch } = await newBatch(1);
    await failAll(batch.id);
    const [file] = await db().batchFile.findMany({ where: { batchId: batch.id } });
    const replayJobId = randomUUID();
    await db().$transaction((tx) => reopenFile(tx, file!.id, replayJobId));
    // The replayed job owns the file now: its own dead-lettering may fail it again.
    expect(await db().batchFile.findUniqueOrThrow({ where: { id: file!.id } })).toMatchObject({ status: "queued", error: null, queueJobId: replayJobId });
    expect(await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({ status: "processing", finishedAt: null });

    const cancelled = await newBatch(1);
    await failAll(cancelled.batch.id);
    await db().batch.update({ where: { id: cancelled.batch.id }, data: { status: "cancelled" } });
    const [cancelledJob] = await db().batchFile.findMany({ where: { batchId: cancelled.batch.id } });
    await db().$transaction((tx) => reopenFile(tx, cancelledJob!.id, randomUUID()));
    expect(await db().batchFile.findUniqueOrThrow({ where: { id: cancelledJob!.id } })).toMatchObject({ status: "failed" });
  });

  it("says there is nothing to retry when no file failed", async () => {
    const { user, batch } = await newBatch(1);
    await db().$transaction(async (tx) => {
      await tx.batchFile.updateMany({ where: { batchId: batch.id }, data: { status: "completed" } });
      await finishBatchIfDone(tx, batch.id, { boss });
    });
    expect(await codeOf(retryFailedFiles(boss, user.id, batch.id))).toBe("conflict");
  });

  it("deletes a batch with its files; another person cannot", async () => {
    const { user, batch } = await newBatch();
    const stranger = await db().user.create({ data: { email: `stranger-${randomUUID()}@example.com` } });
    expect(await codeOf(deleteBatch(boss, stranger.id, batch.id))).toBe("not_found");

    await deleteBatch(boss, user.id, batch.id);

    expect(await db().batch.count({ where: { id: batch.id } })).toBe(0);
    expect(await db().batchFile.count({ where: { batchId: batch.id } })).toBe(0);
    for (const file of batch.files) expect(await storage().exists(file.storageKey)).toBe(false);
  });

  it("deletes batches past their retention date, and only those", async () => {
    const expired = await newBatch(1);
    const current = await newBatch(1);
    await db().batch.update({ where: { id: expired.batch.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    await deleteExpiredBatches(boss);

    expect(await db().batch.count({ where: { id: expired.batch.id } })).toBe(0);
    expect(await storage().exists(expired.batch.files[0]?.storageKey ?? "")).toBe(false);
    expect(await db().batch.count({ where: { id: current.batch.id } })).toBe(1);
  });
});
