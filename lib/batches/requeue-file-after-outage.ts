// A file whose last pg-boss attempt failed because storage was away (S3 down or
// throttling, a full local disk) goes back to the queue for a later round instead of
// failing for good: the store is expected back, and the file itself is fine. The new
// job and the file's state are committed together, so the file is never queued twice
// nor left without a job. Bounded by the file's attempts, so a store that never comes
// back still ends the file (failed, with a reason) after about half an hour.
import { fromPrisma, type PgBoss } from "pg-boss";
import { db } from "../db/client";
import { enqueue } from "../queue/enqueue";

/** How long a file waits before its next round of attempts while storage is away. */
export const STORAGE_OUTAGE_REQUEUE_SECONDS = 30;
/**
 * Attempts after which a file stops waiting for storage. A round is the queue's 4
 * attempts (about 35 s with its backoff) plus the wait above: 100 attempts ≈ 25 rounds
 * ≈ 25–30 minutes of outage.
 */
export const MAX_ATTEMPTS_WHILE_STORAGE_AWAY = 100;

export async function requeueFileAfterOutage(fileId: string, boss: PgBoss): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const file = await tx.batchFile.findUnique({ where: { id: fileId }, select: { status: true, attempts: true } });
    if (!file || file.status !== "processing" || file.attempts >= MAX_ATTEMPTS_WHILE_STORAGE_AWAY) return false;
    const startAfter = new Date(Date.now() + STORAGE_OUTAGE_REQUEUE_SECONDS * 1000);
    const queueJobId = await enqueue(boss, "batch.process-file", { fileId }, { db: fromPrisma(tx), startAfter });
    await tx.batchFile.update({
      where: { id: fileId },
      data: { status: "queued", queueJobId, error: "Waiting for storage to come back; the file will be processed again shortly." },
    });
    return true;
  });
}
