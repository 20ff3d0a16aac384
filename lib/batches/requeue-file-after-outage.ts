// A file whose last pg-boss attempt failed because storage was away (S3 down or
// throttling, a full local disk) goes back to the queue for a later round instead of
// failing for good: the store is expected back, and the file itself is fine. The new
// job and the file's state are committed together, so the file is never queued twice
// nor left without a job. Bounded by the file's attempts, so a store that never comes
// back still ends the file (failed, with a reason): after about half an hour with the
// default settings (STORAGE_OUTAGE_MAX_ATTEMPTS, STORAGE_OUTAGE_REQUEUE_SECONDS).
import { fromPrisma, type PgBoss } from "pg-boss";
import { db } from "../db/client";
import { env } from "../env";
import { enqueue } from "../queue/enqueue";

/**
 * How long a file waits for storage: its attempts so far against `maxAttempts`, each
 * new round after `requeueSeconds`. A round is the queue's 4 attempts (about 35 s with
 * its backoff) plus that wait. Defaults from the settings.
 */
export type StorageOutagePolicy = { maxAttempts: number; requeueSeconds: number };

function outagePolicyFromSettings(): StorageOutagePolicy {
  const { STORAGE_OUTAGE_MAX_ATTEMPTS, STORAGE_OUTAGE_REQUEUE_SECONDS } = env();
  return { maxAttempts: STORAGE_OUTAGE_MAX_ATTEMPTS, requeueSeconds: STORAGE_OUTAGE_REQUEUE_SECONDS };
}

/** Answers false when the file has waited long enough (or is no longer processing): the caller then fails it. */
export async function requeueFileAfterOutage(fileId: string, boss: PgBoss, policy: StorageOutagePolicy = outagePolicyFromSettings()): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const file = await tx.batchFile.findUnique({ where: { id: fileId }, select: { status: true, attempts: true } });
    if (!file || file.status !== "processing" || file.attempts >= policy.maxAttempts) return false;
    const startAfter = new Date(Date.now() + policy.requeueSeconds * 1000);
    const queueJobId = await enqueue(boss, "batch.process-file", { fileId }, { db: fromPrisma(tx), startAfter });
    await tx.batchFile.update({
      where: { id: fileId },
      data: { status: "queued", queueJobId, error: "Waiting for storage to come back; the file will be processed again shortly." },
    });
    return true;
  });
}
