// The data a batch email shows: built from the batch, its files and their summaries
// (see lib/batches/batch-stats.ts and lib/verification/verification-summary.ts).

export type BatchFileStatus = "completed" | "failed" | "cancelled";

export type BatchEmailFile = Readonly<{
  name: string;
  status: BatchFileStatus;
  /** Valid rows of this file; 0 when it did not complete. */
  validRows: number;
  /** Data rows of this file; 0 when it did not complete. */
  totalRows: number;
  /** Rows whose address an earlier file of the batch had (duplicates, not among the valid ones). */
  crossFileDuplicates?: number;
  /** Why it failed, in words a person can act on (the file's recorded error). */
  reason?: string;
  /** Where to fix it in the app (pick the email column), when it can be fixed there. */
  fixUrl?: string;
}>;

export type BatchEmailTotals = Readonly<{
  rows: number;
  valid: number;
  risky: number;
  invalid: number;
  duplicate: number;
  /** Of the duplicates, rows whose address an earlier file of the batch had. */
  crossFileDuplicate?: number;
}>;

/** What every batch outcome email (completed, partial, failed) carries. */
export type BatchEmailBaseProps = Readonly<{
  batchId: string;
  /** The batch page in the app. */
  batchUrl: string;
  /** When the files were uploaded; shown in `timeZone`. An ISO string is accepted (event payloads are JSON). */
  uploadedAt: Date | string;
  /** The recipient's IANA time zone, e.g. "Europe/Berlin". */
  timeZone: string;
  files: readonly BatchEmailFile[];
  unsubscribeUrl: string;
  preferencesUrl: string;
}>;
