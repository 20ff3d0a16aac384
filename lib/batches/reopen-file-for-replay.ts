// An admin's Replay of a dead-lettered file: the dead-letter handler recorded the
// file as failed for good, so it is reopened first, in the replay's transaction.
import type { Tx } from "../db/client";

/**
 * A file that gave up goes back to queued, and its batch is open again until the file
 * finishes — as when its owner presses "Retry failed files". A batch cancelled since
 * stays cancelled (the replayed file then does nothing). The replayed job becomes the
 * file's owner (queueJobId), so its own dead-lettering can fail the file again.
 */
export async function reopenFile(tx: Tx, fileId: string, queueJobId: string): Promise<void> {
  const [file] = await tx.$queryRaw<{ batchId: string }[]>`SELECT "batchId" FROM "Job" WHERE id = ${fileId} AND status = 'failed' FOR UPDATE`;
  if (!file) return;
  const batch = await tx.batch.updateMany({ where: { id: file.batchId, status: { not: "cancelled" } }, data: { status: "processing", finishedAt: null } });
  if (batch.count === 0) return;
  await tx.batchFile.update({
    where: { id: fileId },
    data: { status: "queued", queueJobId, error: null, errorCode: null, rowsProcessed: 0, bytesProcessed: 0n, startedAt: null, finishedAt: null },
  });
}
