// Delete a batch with its files: queued work withdrawn, uploaded and result files
// removed from storage, rows deleted. Also used when results expire.
import type { PgBoss } from "pg-boss";
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";
import { storage } from "../storage/storage";

type RemovableBatch = { id: string; files: { storageKey: string; queueJobId: string | null; status: string }[] };
const removableFiles = { select: { storageKey: true, queueJobId: true, status: true } } as const;

async function withdrawQueuedWork(boss: PgBoss, batch: RemovableBatch) {
  const open = batch.files.filter((file) => file.queueJobId && (file.status === "queued" || file.status === "processing"));
  if (open.length > 0) await boss.cancel("batch.process-file", open.map((file) => file.queueJobId as string));
}

async function deleteBatchFiles(batch: RemovableBatch) {
  // Uploads live under "uploads/<upload id>/<n>": removing the folder leaves no empty ones behind.
  const uploadFolders = new Set(batch.files.map((file) => file.storageKey.slice(0, file.storageKey.lastIndexOf("/") + 1)));
  await Promise.all([...uploadFolders].map((folder) => storage().deletePrefix(folder)));
  await storage().deletePrefix(`results/${batch.id}/`);
}

async function removeBatch(boss: PgBoss, batch: RemovableBatch) {
  await withdrawQueuedWork(boss, batch);
  // Files first, then the row: a crash or a storage outage between the two leaves the
  // row, which is what lets the next try (the person again, the next clean-up) find the
  // files; the other order would leave objects nothing points at, in the bucket for good.
  // Deleting by prefix is idempotent, so a second try is safe. Once the batch answers 404,
  // its objects are gone (the topology test lists the bucket right then).
  await deleteBatchFiles(batch);
  await db().batch.deleteMany({ where: { id: batch.id } });
}

export async function deleteBatch(boss: PgBoss, userId: string, batchId: string): Promise<void> {
  const batch = await db().batch.findFirst({ where: { id: batchId, userId }, include: { files: removableFiles } });
  if (!batch) throw new AppError("not_found", "No batch with that id.");
  await removeBatch(boss, batch);
  log.info({ event: "batch.deleted", batchId, userId }, "batch deleted");
}

/** Deletes every batch past its retention date; returns how many. */
export async function deleteExpiredBatches(boss: PgBoss, now = new Date()): Promise<number> {
  const expired = await db().batch.findMany({ where: { expiresAt: { lt: now } }, take: 100, include: { files: removableFiles } });
  for (const batch of expired) {
    await removeBatch(boss, batch);
    log.info({ event: "batch.expired", batchId: batch.id }, "batch results expired and were deleted");
  }
  return expired.length;
}

/**
 * Deletes every batch of a person, for account deletion; returns how many. Files
 * before rows, as in deleteBatch. Open files are marked cancelled first, so a worker
 * holding one drops its result (no `batch.finished` event: nobody is told).
 */
export async function deleteAllBatchesOfUser(boss: PgBoss, userId: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batches = await db().batch.findMany({ where: { userId }, take: 100, include: { files: removableFiles } });
    if (batches.length === 0) return deleted;
    for (const batch of batches) {
      await withdrawQueuedWork(boss, batch);
      await db().batchFile.updateMany({ where: { batchId: batch.id, status: { in: ["queued", "processing"] } }, data: { status: "cancelled", finishedAt: new Date() } });
      await deleteBatchFiles(batch);
      await db().batch.deleteMany({ where: { id: batch.id } });
      log.info({ event: "batch.deleted", batchId: batch.id, userId, reason: "account_deleted" }, "batch deleted");
    }
    deleted += batches.length;
  }
}
