// A file that cannot succeed — its file is unusable, or every retry failed — is final
// as `failed` with a reason a person can act on, and may finish its batch. A file
// already final keeps its state: the first recorded outcome wins.
import type { PgBoss } from "pg-boss";
import { db } from "../db/client";
import { finishBatchIfDone } from "./finish-batch-if-done";

/**
 * `code` says what kind of failure it was: a ContactListError's code when the file itself
 * is the problem (see file-fix-options.ts: what the page then offers), else processing_failed.
 */
export async function recordFileFailure(fileId: string, reason: string, boss: PgBoss, code = "processing_failed"): Promise<void> {
  await db().$transaction(async (tx) => {
    const file = await tx.batchFile.findUnique({ where: { id: fileId }, select: { batchId: true } });
    if (!file) return;
    const updated = await tx.batchFile.updateMany({
      where: { id: fileId, status: { in: ["queued", "processing"] } },
      data: { status: "failed", error: reason, errorCode: code, finishedAt: new Date() },
    });
    if (updated.count > 0) await finishBatchIfDone(tx, file.batchId, { boss });
  });
}
