// What the batch page can offer each file of a batch that did not go as wanted: a
// retry, or choosing the email column from a preview of the file's first rows.
import { db } from "../db/client";
import { log } from "../log";
import { FLAGGED_ROW_LIMIT } from "../row-fixes/collect-flagged-rows";
import { canPickColumn, canRetryFile } from "./file-fix-options";
import { type FilePreview, previewFileRows } from "./preview-file-rows";

export type FileFixes = {
  readonly fileId: string;
  readonly canRetry: boolean;
  /** Set when picking the column can help: the file's first rows to pick it from. */
  readonly preview: FilePreview | null;
  readonly failedForColumn: boolean;
  readonly emailColumn: string | null;
  /** More invalid and risky rows than the page keeps (FLAGGED_ROW_LIMIT). */
  readonly capped: boolean;
};

export async function loadFileFixes(userId: string, batchId: string): Promise<FileFixes[]> {
  const files = await db().batchFile.findMany({
    where: { batchId, batch: { userId } },
    orderBy: { position: "asc" },
    select: { id: true, status: true, errorCode: true, emailColumn: true, summary: true },
  });
  return Promise.all(
    files.map(async (file) => ({
      fileId: file.id,
      canRetry: canRetryFile(file),
      preview: canPickColumn(file) ? await previewOrNull(userId, batchId, file.id) : null,
      failedForColumn: file.status === "failed",
      emailColumn: file.emailColumn,
      capped: flaggedCount(file.summary) > FLAGGED_ROW_LIMIT,
    })),
  );
}

// A preview is a help, not the page: an upload gone from storage leaves the file without one.
async function previewOrNull(userId: string, batchId: string, fileId: string): Promise<FilePreview | null> {
  try {
    return await previewFileRows(userId, batchId, fileId);
  } catch (error) {
    log.warn({ event: "file.preview_failed", batchId, fileId, err: error }, "no preview of the file");
    return null;
  }
}

function flaggedCount(summary: unknown): number {
  const verdicts = (summary as { verdicts?: { risky?: unknown; invalid?: unknown } } | null)?.verdicts;
  return (Number(verdicts?.risky) || 0) + (Number(verdicts?.invalid) || 0);
}
