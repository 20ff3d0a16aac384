// Called in the same transaction as every change that can end a job. When the last
// job of a batch has reached a final state, the batch gets its outcome and stats and
// a `batch.finished` event goes to the outbox — all in that one transaction.
import type { Tx } from "../db/client";
import { aggregateStats, batchOutcome } from "./batch-stats";

const FINAL_JOB_STATES = new Set(["completed", "failed", "cancelled"]);
const FINAL_BATCH_STATES = new Set(["completed", "partial", "failed", "cancelled"]);

export async function finishBatchIfDone(tx: Tx, batchId: string, { cancelled = false } = {}) {
  // The row lock serialises jobs finishing at the same moment: the second waits here,
  // then sees the batch already final and does nothing. Exactly one event per outcome.
  const locked = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM "Batch" WHERE id = ${batchId} FOR UPDATE`;
  const current = locked[0];
  if (!current || FINAL_BATCH_STATES.has(current.status)) return null;

  const jobs = await tx.job.findMany({ where: { batchId }, select: { status: true, summary: true, originalName: true, error: true } });
  if (!cancelled && jobs.some((job) => !FINAL_JOB_STATES.has(job.status))) return null;

  const stats = aggregateStats(jobs);
  const outcome = batchOutcome(stats, cancelled);
  const batch = await tx.batch.update({
    where: { id: batchId },
    data: { status: outcome, stats, finishedAt: new Date() },
    select: { id: true, userId: true, options: true },
  });
  // A cancelled batch was the person's own doing: nothing to tell them.
  if (outcome === "cancelled") return { outcome, stats };
  // The unique dedupe key is the last line of defence: never two events for one outcome.
  await tx.notificationEvent.createMany({
    data: [
      {
        type: "batch.finished",
        dedupeKey: `batch:${batchId}:${outcome}`,
        userId: batch.userId,
        batchId,
        payload: { outcome, stats, failures: jobs.filter((job) => job.status === "failed").map(({ originalName, error }) => ({ file: originalName, error })) },
      },
    ],
    skipDuplicates: true,
  });
  return { outcome, stats };
}
