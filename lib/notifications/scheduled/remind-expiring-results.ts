// The `notification.results-expiring` file: a last-chance reminder for each batch whose
// results retention deletes within the next 24 hours and that still has results to
// download (completed or partial; a failed batch has none). One `results.expiring`
// event per batch — the dedupe key `results-expiring:<batch id>` holds when the file
// runs every hour over the same batches, or on two workers at once — written with its
// notify file in one transaction.
import { fromPrisma, type PgBoss } from "pg-boss";
import { db } from "../../db/client";
import { enqueueMany } from "../../queue/enqueue";
import { batchTitle } from "../compose/batch-title";
import { snapshotFile } from "../events/file-snapshot";
import { RESULTS_EXPIRING, resultsExpiringDedupeKey, type ResultsExpiringPayload } from "../events/results-expiring";

/** How long before deletion the reminder goes out. */
export const RESULTS_EXPIRING_NOTICE_MS = 24 * 60 * 60 * 1000;
const PAGE = 200;

type Context = { boss: PgBoss; now?: Date };

/** Writes the reminders not written yet; returns how many. */
export async function remindExpiringResults({ boss, now = new Date() }: Context): Promise<{ reminders: number }> {
  const expiresAt = { gt: now, lte: new Date(now.getTime() + RESULTS_EXPIRING_NOTICE_MS) };
  let reminders = 0;
  for (let cursor: string | undefined; ; ) {
    const batches = await db().batch.findMany({
      where: { status: { in: ["completed", "partial"] }, expiresAt, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: {
        id: true,
        userId: true,
        createdAt: true,
        expiresAt: true,
        files: { orderBy: { position: "asc" }, select: { id: true, originalName: true, status: true, summary: true, crossFileDuplicates: true } },
      },
    });
    if (batches.length === 0) break;
    cursor = batches.at(-1)!.id;
    const reminded = await db().notificationEvent.findMany({
      where: { dedupeKey: { in: batches.map((batch) => resultsExpiringDedupeKey(batch.id)) } },
      select: { dedupeKey: true },
    });
    const done = new Set(reminded.map((event) => event.dedupeKey));
    const due = batches.filter((batch) => !done.has(resultsExpiringDedupeKey(batch.id)));
    if (due.length === 0) continue;

    reminders += await db().$transaction(async (tx) => {
      // Another worker writing the same reminders: the unique key makes one of us skip them.
      const created = await tx.notificationEvent.createManyAndReturn({
        data: due.map((batch) => ({
          type: RESULTS_EXPIRING,
          dedupeKey: resultsExpiringDedupeKey(batch.id),
          userId: batch.userId,
          batchId: batch.id,
          payload: reminderPayload(batch),
        })),
        skipDuplicates: true,
        select: { id: true },
      });
      await enqueueMany(boss, "notification.notify", created.map((event) => ({ payload: { eventId: event.id } })), { db: fromPrisma(tx) });
      return created.length;
    });
  }
  return { reminders };
}

type ExpiringBatch = {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  files: { id: string; originalName: string; status: string; summary: unknown; crossFileDuplicates: unknown }[];
};

function reminderPayload(batch: ExpiringBatch): ResultsExpiringPayload {
  return {
    batchId: batch.id,
    title: batchTitle(batch.files.map((file) => file.originalName)),
    uploadedAt: batch.createdAt.toISOString(),
    expiresAt: batch.expiresAt.toISOString(),
    files: batch.files.map(snapshotFile),
  };
}
