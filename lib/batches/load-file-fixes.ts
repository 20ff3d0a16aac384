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
  /** Picking the column can help: none was found, or the one found may be wrong. */
  readonly canPickColumn: boolean;
  /** The file's first rows to pick the column from: for a file where none was found, or the one asked for. */
  readonly preview: FilePreview | null;
  /** Failed because no email column was found: picking it is the fix. */
  readonly failedForColumn: boolean;
  readonly emailColumn: string | null;
  /** More invalid and risky rows than the page keeps (FLAGGED_ROW_LIMIT). */
  readonly capped: boolean;
};

/**
 * `previewFor`: a processed file whose owner asked to change its column. Other processed
 * files get no preview: each costs a read from storage, on every view of the page.
 */
export async function loadFileFixes(userId: string, batchId: string, previewFor?: string): Promise<FileFixes[]> {
  const files = await db().batchFile.findMany({
    where: { batchId, batch: { userId } },
    orderBy: { position: "asc" },
    select: { id: true, status: true, errorCode: true, emailColumn: true, summary: true },
  });
  return Promise.all(
    files.map(async (file) => ({
      fileId: file.id,
      canRetry: canRetryFile(file),
      canPickColumn: canPickColumn(file),
      preview: canPickColumn(file) && (file.status === "failed" || file.id === previewFor) ? await previewOrNull(userId, batchId, file.id) : null,
      failedForColumn: file.status === "failed" && canPickColumn(file),
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
