// The API's view of a batch: the dashboard's BatchView with timings grouped, the
// file summaries typed, and result downloads as absolute URLs.
import type { BatchView, JobView } from "../batches/batch-view";
import { verificationSummarySchema } from "../verification/verification-summary";
import { resultFilePath } from "./api-params";
import type { ApiBatch, ApiFile } from "./api-schemas";

function toApiFile(batchId: string, job: JobView, baseUrl: string): ApiFile {
  const url = (kind: "cleaned" | "report") => (job.downloads[kind] ? `${baseUrl}${resultFilePath(batchId, job.id, kind)}` : null);
  // A summary from an older processor version that no longer parses is left out rather than sent untyped.
  const summary = verificationSummarySchema.safeParse(job.summary);
  return {
    id: job.id,
    position: job.position,
    name: job.name,
    status: job.status,
    bytes: job.bytes,
    rowsProcessed: job.rowsProcessed,
    progress: job.progress,
    error: job.error,
    summary: summary.success ? summary.data : null,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
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
    ...(view.jobs ? { files: view.jobs.map((job) => toApiFile(view.id, job, baseUrl)) } : {}),
  };
}
