// The `batch.finished` outbox event: written with the batch's outcome, read by the
// notify job. Its payload is a snapshot of everything a notification shows, so an
// email rendered again on a retry carries the same bytes even if the batch changed
// (a retry of its failed files) or is gone.
import { z } from "zod";
import { jobSummarySchema, type BatchStats } from "../../batches/batch-stats";

export const BATCH_FINISHED = "batch.finished";

const count = z.number().int().nonnegative();

const fileSnapshotSchema = z.object({
  jobId: z.string(),
  name: z.string(),
  status: z.enum(["completed", "failed", "cancelled"]),
  rows: count,
  valid: count,
  error: z.string().nullable(),
});

export const batchFinishedPayloadSchema = z.object({
  outcome: z.enum(["completed", "partial", "failed"]),
  uploadedAt: z.iso.datetime(),
  files: z.array(fileSnapshotSchema),
  stats: z.object({
    files: z.object({ total: count, completed: count, failed: count, cancelled: count }),
    rows: count,
    verdicts: z.record(z.string(), count),
    reasons: z.record(z.string(), count),
  }) satisfies z.ZodType<BatchStats>,
});

export type BatchFinishedPayload = z.infer<typeof batchFinishedPayloadSchema>;
export type BatchFileSnapshot = z.infer<typeof fileSnapshotSchema>;

export function batchFinishedDedupeKey(batchId: string, outcome: BatchFinishedPayload["outcome"]): string {
  return `batch:${batchId}:${outcome}`;
}

type FinishedJob = { id: string; originalName: string; status: string; summary: unknown; error: string | null };

export function batchFinishedPayload(
  outcome: BatchFinishedPayload["outcome"],
  batch: { createdAt: Date },
  jobs: readonly FinishedJob[],
  stats: BatchStats,
): BatchFinishedPayload {
  return {
    outcome,
    uploadedAt: batch.createdAt.toISOString(),
    files: jobs.map((job) => {
      const summary = jobSummarySchema.safeParse(job.summary);
      return {
        jobId: job.id,
        name: job.originalName,
        status: job.status === "completed" ? "completed" : job.status === "cancelled" ? "cancelled" : "failed",
        rows: summary.success ? summary.data.rows : 0,
        valid: summary.success ? (summary.data.verdicts.valid ?? 0) : 0,
        error: job.error,
      };
    }),
    stats,
  };
}
