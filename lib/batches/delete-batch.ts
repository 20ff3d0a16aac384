// Delete a batch with its files: queued work withdrawn, uploaded and result files
// removed from storage, rows deleted. Also used when results expire.
import type { PgBoss } from "pg-boss";
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";
import { storage } from "../storage/storage";

async function removeBatch(boss: PgBoss, batch: { id: string; jobs: { storageKey: string; queueJobId: string | null; status: string }[] }) {
  const open = batch.jobs.filter((job) => job.queueJobId && (job.status === "queued" || job.status === "processing"));
  if (open.length > 0) await boss.cancel("batch.process-file", open.map((job) => job.queueJobId as string));
  // Rows first: once they are gone nothing links to the files, so a crash between the
  // two steps leaves unreachable files at worst, never a batch pointing at nothing.
  await db().batch.delete({ where: { id: batch.id } });
  // Uploads live under "uploads/<upload id>/<n>": removing the folder leaves no empty ones behind.
  const uploadFolders = new Set(batch.jobs.map((job) => job.storageKey.slice(0, job.storageKey.lastIndexOf("/") + 1)));
  await Promise.all([...uploadFolders].map((folder) => storage().deletePrefix(folder)));
  await storage().deletePrefix(`results/${batch.id}/`);
}

export async function deleteBatch(boss: PgBoss, userId: string, batchId: string): Promise<void> {
  const batch = await db().batch.findFirst({ where: { id: batchId, userId }, include: { jobs: { select: { storageKey: true, queueJobId: true, status: true } } } });
  if (!batch) throw new AppError("not_found", "No batch with that id.");
  await removeBatch(boss, batch);
  log.info({ event: "batch.deleted", batchId, userId }, "batch deleted");
}

/** Deletes every batch past its retention date; returns how many. */
export async function deleteExpiredBatches(boss: PgBoss, now = new Date()): Promise<number> {
  const expired = await db().batch.findMany({ where: { expiresAt: { lt: now } }, take: 100, include: { jobs: { select: { storageKey: true, queueJobId: true, status: true } } } });
  for (const batch of expired) {
    await removeBatch(boss, batch);
    log.info({ event: "batch.expired", batchId: batch.id }, "batch results expired and were deleted");
  }
  return expired.length;
}
