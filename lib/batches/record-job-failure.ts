// A job that cannot succeed — its file is unusable, or every retry failed — is final
// as `failed` with a reason a person can act on, and may finish its batch. A job
// already final keeps its state: the first recorded outcome wins.
import type { PgBoss } from "pg-boss";
import { db } from "../db/client";
import { finishBatchIfDone } from "./finish-batch-if-done";

export async function recordJobFailure(jobId: string, reason: string, boss: PgBoss): Promise<void> {
  await db().$transaction(async (tx) => {
    const job = await tx.job.findUnique({ where: { id: jobId }, select: { batchId: true } });
    if (!job) return;
    const updated = await tx.job.updateMany({
      where: { id: jobId, status: { in: ["queued", "processing"] } },
      data: { status: "failed", error: reason, finishedAt: new Date() },
    });
    if (updated.count > 0) await finishBatchIfDone(tx, job.batchId, { boss });
  });
}
