// What the dashboard and the API show of a batch: plain JSON (no BigInt, no Dates),
// the same shape everywhere.
import type { Batch, BatchFile } from "../db/generated/client";
import { batchOptionsSchema, keepRiskyOf } from "./batch-options";
import type { BatchStats } from "./batch-stats";
import { crossFileDuplicatesOf, summaryNetOfCrossFile } from "./cross-file-counts";
import type { NotificationPreferences } from "../notifications/preferences/notification-preferences";
import { describeEmailContract, describeEmailDelivery } from "./email-contract-text";

export type FileView = {
  id: string;
  position: number;
  name: string;
  status: BatchFile["status"];
  bytes: number;
  rowsProcessed: number;
  /** 0–100, by bytes read; 100 once finished. */
  progress: number;
  error: string | null;
  /** The processor's summary, its valid and risky net of the rows an earlier file of the batch had (counted as duplicates). */
  summary: unknown;
  /** Rows whose address an earlier file of the batch had: duplicates in this file's downloads. 0 until the batch has ended. */
  crossFileDuplicates: number;
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
  /** Milliseconds from the first file starting to the batch finishing. */
  processingMs: number | null;
  /** "Email: only on failure (your default)": which outcomes email the uploader, how (with preferences), and who chose. */
  emailNotice: string;
  /** Whether the cleaned list has risky rows unless a download asks otherwise (the upload's `keep_risky`). */
  keepRisky: boolean;
  files?: FileView[];
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** What the email notice reads the batch's contract through: the owner's preferences and today's count of emails. */
export type EmailNoticeContext = { preferences: NotificationPreferences; sentToday: number };

function emailNoticeOf(options: unknown, notice: EmailNoticeContext | undefined, running: boolean): string {
  // Options were validated at upload; should they no longer parse, the defaults are what notify applies.
  const parsed = batchOptionsSchema.safeParse(options ?? {});
  const { notifications, notifications_source } = parsed.success ? parsed.data : batchOptionsSchema.parse({});
  // With the owner's preferences the notice says what will happen (digest, quiet hours, off), not only what was asked.
  // Today's count matters only while the email is still to be decided.
  return notice
    ? describeEmailDelivery(notifications.email, notifications_source, notice.preferences, running ? notice.sentToday : 0)
    : describeEmailContract(notifications.email, notifications_source);
}

export function toFileView(file: BatchFile): FileView {
  const bytes = Number(file.bytes);
  const finished = file.status === "completed" || file.status === "failed" || file.status === "cancelled";
  return {
    id: file.id,
    position: file.position,
    name: file.originalName,
    status: file.status,
    bytes,
    rowsProcessed: file.rowsProcessed,
    progress: finished ? 100 : bytes > 0 ? Math.min(99, Math.floor((Number(file.bytesProcessed) / bytes) * 100)) : 0,
    error: file.error,
    summary: summaryNetOfCrossFile(file.summary, file.crossFileDuplicates),
    crossFileDuplicates: crossFileDuplicatesOf(file.crossFileDuplicates),
    downloads: { cleaned: file.cleanedKey !== null, report: file.reportKey !== null },
    startedAt: iso(file.startedAt),
    finishedAt: iso(file.finishedAt),
  };
}

function batchTitle(firstFileName: string | undefined, fileCount: number): string {
  if (!firstFileName) return `${fileCount} ${fileCount === 1 ? "file" : "files"}`;
  return fileCount > 1 ? `${firstFileName} and ${fileCount - 1} more` : firstFileName;
}

/**
 * `files` in position order when given; `firstFileName` when only the list's first file was loaded;
 * the owner's preferences and today's email count when the notice should say how their email will actually go out.
 */
export function toBatchView(batch: Batch & { files?: BatchFile[]; firstFileName?: string }, notice?: EmailNoticeContext): BatchView {
  return {
    id: batch.id,
    title: batchTitle(batch.firstFileName ?? batch.files?.[0]?.originalName, batch.fileCount),
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
    emailNotice: emailNoticeOf(batch.options, notice, batch.status === "queued" || batch.status === "processing"),
    keepRisky: keepRiskyOf(batch.options),
    ...(batch.files ? { files: batch.files.map(toFileView) } : {}),
  };
}
