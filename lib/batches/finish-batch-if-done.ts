// Called in the same transaction as every change that can end a file. When the last
// file of a batch has reached a final state, the batch gets its outcome and stats,
// a `batch.finished` event goes to the outbox and a notify file is queued for it —
// all in that one transaction, so an outcome is never announced twice or lost.
//
// A batch with two or more files with results first has its cross-file duplicates
// counted (rows an earlier file had; the downloads call them duplicates), so that the
// numbers it announces agree with its downloads: the transaction that ends its last
// file queues `batch.count-cross-file-duplicates` instead, and that job comes back
// here with the counts (count-cross-file-duplicates.ts). Queued with the file's end,
// the count is never lost; the outcome is still written once, by whoever comes first.
import { fromPrisma, type PgBoss } from "pg-boss";
import type { Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { enqueue } from "../queue/enqueue";
import { BATCH_FINISHED, batchFinishedDedupeKey, batchFinishedPayload } from "../notifications/events/batch-finished";
import { aggregateStats, batchOutcome } from "./batch-stats";
import type { CrossFileCounts } from "./cross-file-counts";

const FINAL_JOB_STATES = new Set(["completed", "failed", "cancelled"]);
const FINAL_BATCH_STATES = new Set(["completed", "partial", "failed", "cancelled"]);

export type FinishBatchOptions = {
  /** Queues the notify file inside the transaction. */
  boss: PgBoss;
  /** The person cancelled the batch: it ends now, whatever its files are doing. */
  cancelled?: boolean;
  /**
   * The cross-file duplicates counted for this ending, by file id, stored with the
   * outcome (a file absent from the map has none; an empty map when counting gave up).
   * Absent: a batch that has two or more files with results is counted first.
   */
  crossFileCounts?: ReadonlyMap<string, CrossFileCounts>;
};

export async function finishBatchIfDone(tx: Tx, batchId: string, { boss, cancelled = false, crossFileCounts }: FinishBatchOptions) {
  // The row lock serialises files finishing at the same moment: the second waits here,
  // then sees the batch already final and does nothing. Exactly one event per outcome.
  const locked = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM "Batch" WHERE id = ${batchId} FOR UPDATE`;
  const current = locked[0];
  if (!current || FINAL_BATCH_STATES.has(current.status)) return null;

  const files = await tx.batchFile.findMany({
    where: { batchId },
    orderBy: { position: "asc" },
    select: { id: true, status: true, summary: true, originalName: true, error: true, errorCode: true, reportKey: true, crossFileDuplicates: true },
  });
  if (!cancelled && files.some((file) => !FINAL_JOB_STATES.has(file.status))) return null;
  const withResults = files.filter((file) => file.status === "completed" && file.reportKey !== null);
  if (!cancelled && crossFileCounts === undefined && withResults.length >= 2) {
    await enqueue(boss, "batch.count-cross-file-duplicates", { batchId }, { db: fromPrisma(tx) });
    return null;
  }

  // Counts of an earlier ending (before a retry or a re-run) are replaced, or cleared.
  const counted = files.map((file) => ({ ...file, crossFileDuplicates: crossFileCounts?.get(file.id) ?? null }));
  for (const [index, file] of counted.entries()) {
    if (file.crossFileDuplicates === null && files[index]?.crossFileDuplicates === null) continue;
    await tx.batchFile.update({ where: { id: file.id }, data: { crossFileDuplicates: file.crossFileDuplicates ?? Prisma.DbNull } });
  }
  const stats = aggregateStats(counted);
  const outcome = batchOutcome(stats, cancelled);
  const batch = await tx.batch.update({
    where: { id: batchId },
    data: { status: outcome, stats, finishedAt: new Date() },
    select: { id: true, userId: true, createdAt: true },
  });
  // A cancelled batch was the person's own doing: nothing to tell them.
  if (outcome === "cancelled") return { outcome, stats };
  // The unique dedupe key is the last line of defence: never two events for one outcome.
  const created = await tx.notificationEvent.createManyAndReturn({
    data: [
      {
        type: BATCH_FINISHED,
        dedupeKey: batchFinishedDedupeKey(batchId, outcome),
        userId: batch.userId,
        batchId,
        payload: batchFinishedPayload(outcome, batch, counted, stats),
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  for (const event of created) {
    await enqueue(boss, "notification.notify", { eventId: event.id }, { db: fromPrisma(tx) });
  }
  return { outcome, stats };
}
