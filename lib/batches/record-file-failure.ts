// A file that cannot succeed — its file is unusable, or every retry failed — is final
// as `failed` with a reason a person can act on, and may finish its batch. A file
// already final keeps its state: the first recorded outcome wins.
import type { PgBoss } from "pg-boss";
import { db } from "../db/client";
import { finishBatchIfDone } from "./finish-batch-if-done";

export type RecordFileFailureOptions = {
  /**
   * What kind of failure it was: a ContactListError's code when the file itself is the
   * problem (see file-fix-options.ts: what the page then offers), else processing_failed.
   */
  code?: string;
  /**
   * Fail the file only while this pg-boss job owns it (its queueJobId). A job that gave
   * up after the file was queued again (a storage outage, a retry, a replay) no longer
   * speaks for it. Files queued before queueJobId was recorded have none and are failed.
   */
  ownerJobId?: string;
};

/** Answers whether this call made the file final. */
export async function recordFileFailure(fileId: string, reason: string, boss: PgBoss, options: RecordFileFailureOptions = {}): Promise<boolean> {
  const { code = "processing_failed", ownerJobId } = options;
  return db().$transaction(async (tx) => {
    const file = await tx.batchFile.findUnique({ where: { id: fileId }, select: { batchId: true } });
    if (!file) return false;
    const owned = ownerJobId === undefined ? {} : { OR: [{ queueJobId: ownerJobId }, { queueJobId: null }] };
    const updated = await tx.batchFile.updateMany({
      where: { id: fileId, status: { in: ["queued", "processing"] }, ...owned },
      data: { status: "failed", error: reason, errorCode: code, finishedAt: new Date() },
    });
    if (updated.count > 0) await finishBatchIfDone(tx, file.batchId, { boss });
    return updated.count > 0;
  });
}
