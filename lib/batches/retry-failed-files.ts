// Retry the failed files of a finished batch: they are queued again, and the batch
// is open again until they finish. Files that succeeded keep their results, and files
// whose content is the problem (no email column, not text) are left for their fix:
// running them again would fail the same way (file-fix-options.ts).
import { fromPrisma, type PgBoss } from "pg-boss";
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";
import { enqueue } from "../queue/enqueue";
import { canRetryFile } from "./file-fix-options";

export async function retryFailedFiles(boss: PgBoss, userId: string, batchId: string): Promise<{ retried: number }> {
  const retried = await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM "Batch" WHERE id = ${batchId} AND "userId" = ${userId} FOR UPDATE`;
    const batch = locked[0];
    if (!batch) throw new AppError("not_found", "No batch with that id.");
    if (batch.status === "queued" || batch.status === "processing") throw new AppError("conflict", "This batch is still running; wait for it to finish.");
    const allFailed = await tx.batchFile.findMany({ where: { batchId, status: "failed" }, select: { id: true, status: true, errorCode: true } });
    if (allFailed.length === 0) throw new AppError("conflict", "No failed files to retry in this batch.");
    const failed = allFailed.filter(canRetryFile);
    if (failed.length === 0) {
      throw new AppError("conflict", "A retry would fail the same way: fix the file instead (pick its email column on the batch page), or upload it again.");
    }

    const queue = fromPrisma(tx);
    for (const file of failed) {
      const queueJobId = await enqueue(boss, "batch.process-file", { fileId: file.id }, { db: queue });
      await tx.batchFile.update({
        where: { id: file.id },
        data: { status: "queued", error: null, errorCode: null, queueJobId, rowsProcessed: 0, bytesProcessed: 0n, summary: undefined, startedAt: null, finishedAt: null },
      });
    }
    await tx.batch.update({ where: { id: batchId }, data: { status: "processing", finishedAt: null } });
    return failed.length;
  });
  log.info({ event: "batch.retried", batchId, userId, files: retried }, "failed files queued again");
  return { retried };
}
