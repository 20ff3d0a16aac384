// Fix a file in place by naming its email column: the file is processed again with
// that column, and its batch is open again until it finishes (and then emails again,
// as a retry does). For a file where no column was found, or the one found was wrong.
import { fromPrisma, type PgBoss } from "pg-boss";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import { log } from "../log";
import { enqueue } from "../queue/enqueue";
import { canPickColumn } from "./file-fix-options";
import { previewFileRows } from "./preview-file-rows";

export async function rerunFileWithColumn(boss: PgBoss, userId: string, batchId: string, fileId: string, column: string): Promise<void> {
  // Checked against the file as processing will read it, so a wrong name is refused now, not after a run.
  const { columns } = await previewFileRows(userId, batchId, fileId);
  if (!columns.includes(column)) {
    throw new AppError("validation_failed", `The file has no column “${column.slice(0, 60)}”. Pick one of its columns.`, { columns });
  }
  await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM "Batch" WHERE id = ${batchId} AND "userId" = ${userId} FOR UPDATE`;
    const batch = locked[0];
    if (!batch) throw new AppError("not_found", "No batch with that id.");
    if (batch.status === "queued" || batch.status === "processing") throw new AppError("conflict", "This batch is still running; wait for it to finish.");
    if (batch.status === "cancelled") throw new AppError("conflict", "This batch was cancelled; upload the file again.");
    const file = await tx.batchFile.findFirst({ where: { id: fileId, batchId }, select: { status: true, errorCode: true } });
    if (!file) throw new AppError("not_found", "No such file in this batch.");
    if (!canPickColumn(file)) throw new AppError("conflict", "This file cannot be run again with another column.");

    const queueJobId = await enqueue(boss, "batch.process-file", { fileId }, { db: fromPrisma(tx) });
    // Its flagged rows and their changes belonged to the old column: they go with its results.
    await tx.flaggedRow.deleteMany({ where: { fileId } });
    await tx.batchFile.update({
      where: { id: fileId },
      data: {
        emailColumn: column,
        status: "queued",
        error: null,
        errorCode: null,
        queueJobId,
        summary: Prisma.DbNull,
        cleanedKey: null,
        reportKey: null,
        rowsProcessed: 0,
        bytesProcessed: 0n,
        startedAt: null,
        finishedAt: null,
      },
    });
    await tx.batch.update({ where: { id: batchId }, data: { status: "processing", finishedAt: null } });
  });
  log.info({ event: "file.rerun_with_column", batchId, fileId, userId }, "file queued again with a chosen column");
}
