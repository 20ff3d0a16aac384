// What the dashboard and the API show of a batch: plain JSON (no BigInt, no Dates),
// the same shape everywhere.
import type { Batch, Job } from "../db/generated/client";
import { batchOptionsSchema } from "./batch-options";
import type { BatchStats } from "./batch-stats";
import { describeEmailContract } from "./email-contract-text";

export type JobView = {
  id: string;
  position: number;
  name: string;
  status: Job["status"];
  bytes: number;
  rowsProcessed: number;
  /** 0–100, by bytes read; 100 once finished. */
  progress: number;
  error: string | null;
  summary: unknown;
  downloads: { cleaned: boolean; report: boolean };
  startedAt: string | null;
  finishedAt: string | null;
};

export type BatchView = {
  id: string;
  /** "contacts.csv", or "contacts.csv and 2 more": what a person recognises a batch by. */
  title: string;
  status: Batch["status"];
  source: string;
  fileCount: number;
  totalBytes: number;
  stats: BatchStats | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string;
  /** Milliseconds from the first job starting to the batch finishing. */
  processingMs: number | null;
  /** "Email: only on failure (your default)": which outcomes email the uploader, and who chose. */
  emailNotice: string;
  jobs?: JobView[];
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function emailNoticeOf(options: unknown): string {
  // Options were validated at upload; should they no longer parse, the defaults are what notify applies.
  const parsed = batchOptionsSchema.safeParse(options ?? {});
  const { notifications, notifications_source } = parsed.success ? parsed.data : batchOptionsSchema.parse({});
  return describeEmailContract(notifications.email, notifications_source);
}

export function toJobView(job: Job): JobView {
  const bytes = Number(job.bytes);
  const finished = job.status === "completed" || job.status === "failed" || job.status === "cancelled";
  return {
    id: job.id,
    position: job.position,
    name: job.originalName,
    status: job.status,
    bytes,
    rowsProcessed: job.rowsProcessed,
    progress: finished ? 100 : bytes > 0 ? Math.min(99, Math.floor((Number(job.bytesProcessed) / bytes) * 100)) : 0,
    error: job.error,
    summary: job.summary,
    downloads: { cleaned: job.cleanedKey !== null, report: job.reportKey !== null },
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}

function batchTitle(firstFileName: string | undefined, fileCount: number): string {
  if (!firstFileName) return `${fileCount} ${fileCount === 1 ? "file" : "files"}`;
  return fileCount > 1 ? `${firstFileName} and ${fileCount - 1} more` : firstFileName;
}

/** `jobs` in position order when given; `firstFileName` when only the list's first file was loaded. */
export function toBatchView(batch: Batch & { jobs?: Job[]; firstFileName?: string }): BatchView {
  return {
    id: batch.id,
    title: batchTitle(batch.firstFileName ?? batch.jobs?.[0]?.originalName, batch.fileCount),
    status: batch.status,
    source: batch.source,
    fileCount: batch.fileCount,
    totalBytes: Number(batch.totalBytes),
    stats: (batch.stats as BatchStats | null) ?? null,
    createdAt: batch.createdAt.toISOString(),
    startedAt: iso(batch.startedAt),
    finishedAt: iso(batch.finishedAt),
    expiresAt: batch.expiresAt.toISOString(),
    processingMs: batch.startedAt && batch.finishedAt ? batch.finishedAt.getTime() - batch.startedAt.getTime() : null,
    emailNotice: emailNoticeOf(batch.options),
    ...(batch.jobs ? { jobs: batch.jobs.map(toJobView) } : {}),
  };
}
