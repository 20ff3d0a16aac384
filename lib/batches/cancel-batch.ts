// Cancel a running batch: files not yet finished are cancelled, their queued work
// withdrawn, and the batch ends as `cancelled`. A file being processed right now
// finishes its current pass, but its result is discarded (see processBatchFile).
import { fromPrisma, type PgBoss } from "pg-boss";
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";
import { finishBatchIfDone } from "./finish-batch-if-done";

export async function cancelBatch(boss: PgBoss, userId: string, batchId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const batch = await tx.batch.findFirst({ where: { id: batchId, userId }, select: { status: true } });
    if (!batch) throw new AppError("not_found", "No batch with that id.");
    if (batch.status !== "queued" && batch.status !== "processing") {
      throw new AppError("conflict", `This batch has already ${batch.status === "cancelled" ? "been cancelled" : "finished"}.`);
    }
    const open = await tx.batchFile.findMany({ where: { batchId, status: { in: ["queued", "processing"] } }, select: { id: true, queueJobId: true } });
    await tx.batchFile.updateMany({ where: { id: { in: open.map((file) => file.id) } }, data: { status: "cancelled", finishedAt: new Date() } });
    const queueJobIds = open.flatMap((file) => (file.queueJobId ? [file.queueJobId] : []));
    if (queueJobIds.length > 0) await boss.cancel("batch.process-file", queueJobIds, { db: fromPrisma(tx) });
    await finishBatchIfDone(tx, batchId, { boss, cancelled: true });
  });
  log.info({ event: "batch.cancelled", batchId, userId }, "batch cancelled");
}
