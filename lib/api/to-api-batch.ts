// The API's view of a batch: the dashboard's BatchView with timings grouped, the
// file summaries typed, and result downloads as absolute URLs.
import type { BatchView, FileView } from "../batches/batch-view";
import { verificationSummarySchema } from "../verification/verification-summary";
import { resultFilePath } from "./api-params";
import type { ApiBatch, ApiFile } from "./api-schemas";

function toApiFile(batchId: string, file: FileView, baseUrl: string): ApiFile {
  const url = (kind: "cleaned" | "report") => (file.downloads[kind] ? `${baseUrl}${resultFilePath(batchId, file.id, kind)}` : null);
  // A summary from an older processor version that no longer parses is left out rather than sent untyped.
  const summary = verificationSummarySchema.safeParse(file.summary);
  return {
    id: file.id,
    position: file.position,
    name: file.name,
    status: file.status,
    bytes: file.bytes,
    rowsProcessed: file.rowsProcessed,
    progress: file.progress,
    error: file.error,
    summary: summary.success ? summary.data : null,
    crossFileDuplicates: file.crossFileDuplicates,
    startedAt: file.startedAt,
    finishedAt: file.finishedAt,
    downloads: { cleaned: url("cleaned"), report: url("report") },
  };
}

/** `baseUrl` is the public address (APP_URL), without a trailing slash. */
export function toApiBatch(view: BatchView, baseUrl: string): ApiBatch {
  return {
    id: view.id,
    status: view.status,
    source: view.source === "dashboard" ? "dashboard" : "api",
    fileCount: view.fileCount,
    totalBytes: view.totalBytes,
    stats: view.stats,
    timings: { queuedAt: view.createdAt, startedAt: view.startedAt, finishedAt: view.finishedAt, processingMs: view.processingMs },
    createdAt: view.createdAt,
    expiresAt: view.expiresAt,
    ...(view.files ? { files: view.files.map((file) => toApiFile(view.id, file, baseUrl)) } : {}),
  };
}
