// The `batch.count-cross-file-duplicates` job: every file of a batch with two or more
// files with results has ended; before the outcome is announced, count per file the rows
// whose address an earlier file had (the rule the downloads apply), then end the batch
// with those counts in its stats and its event, in one transaction.
//
// Idempotent and crash-safe: the counts are read from the stored reports, which do not
// change, and written only with the outcome, so a worker killed while counting leaves
// nothing behind and the retried job counts again. Should a file have been reopened
// meanwhile (a retry, a re-run with another column), nothing is written: its ending
// queues the count again. The batch's row lock and the event's dedupe key keep the
// outcome to one announcement, however many count jobs run.
import type { PgBoss } from "pg-boss";
import { db, type Tx } from "../db/client";
import type { JobContext } from "../queue/queue-contract";
import { tallyCrossFileDuplicates } from "../results/tally-cross-file-duplicates";
import { storage } from "../storage/storage";
import type { CrossFileCounts } from "./cross-file-counts";
import { finishBatchIfDone } from "./finish-batch-if-done";
import { storedFormatOf } from "./load-result-sources";

const FINAL_BATCH_STATES = new Set(["completed", "partial", "failed", "cancelled"]);
const FINAL_FILE_STATES = new Set(["completed", "failed", "cancelled"]);

type FileState = { id: string; status: string; reportKey: string | null; finishedAt: Date | null };

// What the counts were made from: the same files in the same states, ended at the same moments.
function fingerprint(files: readonly FileState[]): string {
  return JSON.stringify(files.map((file) => [file.id, file.status, file.reportKey, file.finishedAt?.getTime() ?? null]));
}

async function filesOf(tx: Tx | ReturnType<typeof db>, batchId: string) {
  return tx.batchFile.findMany({
    where: { batchId },
    orderBy: { position: "asc" },
    select: { id: true, status: true, reportKey: true, finishedAt: true, summary: true },
  });
}

export async function countCrossFileDuplicates(batchId: string, context: Pick<JobContext, "boss" | "signal" | "log">): Promise<void> {
  const batch = await db().batch.findUnique({ where: { id: batchId }, select: { status: true } });
  if (!batch || FINAL_BATCH_STATES.has(batch.status)) return;
  const files = await filesOf(db(), batchId);
  // A file opened again since (a retry, a re-run): its end queues the count again.
  if (files.some((file) => !FINAL_FILE_STATES.has(file.status))) return;
  const withResults = files.filter((file) => file.status === "completed" && file.reportKey !== null);
  const tallies = await tallyCrossFileDuplicates(
    withResults.map((file) => {
      const stored = storedFormatOf(file.summary);
      return { delimiter: stored.delimiter, columns: stored.columns, rows: stored.rows, openReport: () => storage().get(file.reportKey ?? "") };
    }),
    context.signal,
  );
  const counts = new Map<string, CrossFileCounts>();
  for (const [index, file] of withResults.entries()) {
    const tally = tallies[index];
    if (tally !== undefined) counts.set(file.id, tally);
  }
  const finished = await endWithCounts(batchId, fingerprint(files), counts, context.boss);
  const found = [...counts.values()].reduce((sum, tally) => sum + tally.valid + tally.risky, 0);
  context.log.info({ event: "batch.cross_file_duplicates_counted", batchId, files: withResults.length, duplicates: found, finished }, "cross-file duplicates counted");
}

/** Past every retry: the batch ends without cross-file counts, rather than never announcing its outcome. */
export async function finishWithoutCrossFileCounts(batchId: string, context: Pick<JobContext, "boss" | "log">): Promise<void> {
  const finished = await db().$transaction(async (tx) => {
    const result = await finishBatchIfDone(tx, batchId, { boss: context.boss, crossFileCounts: new Map() });
    return result !== null;
  });
  context.log.warn({ event: "batch.cross_file_count_gave_up", batchId, finished }, "cross-file duplicates not counted; batch finished without them");
}

async function endWithCounts(batchId: string, counted: string, counts: ReadonlyMap<string, CrossFileCounts>, boss: PgBoss): Promise<boolean> {
  return db().$transaction(async (tx) => {
    // The same lock finishBatchIfDone takes: the files cannot change under the check.
    await tx.$queryRaw`SELECT id FROM "Batch" WHERE id = ${batchId} FOR UPDATE`;
    if (fingerprint(await filesOf(tx, batchId)) !== counted) return false;
    return (await finishBatchIfDone(tx, batchId, { boss, crossFileCounts: counts })) !== null;
  });
}
