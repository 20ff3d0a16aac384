// The REST API's response shapes, as zod schemas. They are the single source for the
// OpenAPI document (see openapi-document.ts) and type the route handlers' responses.
// Each is registered under the name it has in the document's components.
import { z } from "zod";
import { BatchStatus, FileStatus } from "../db/generated/enums";
import { errorStatus } from "../errors";
import { refusedFileSchema } from "../uploads/refused-file";
import { verificationSummarySchema } from "../verification/verification-summary";

/** Schemas that appear in the OpenAPI document's `components.schemas`, by id. */
export const apiSchemaRegistry = z.registry<{ id: string }>();

const count = z.number().int().nonnegative();
const timestamp = z.iso.datetime();

export const batchStatusSchema = z
  .enum(BatchStatus)
  .describe("queued → processing → completed (every file processed) | partial (some failed) | failed (none processed) | cancelled.")
  .register(apiSchemaRegistry, { id: "BatchStatus" });

export const jobStatusSchema = z.enum(FileStatus).register(apiSchemaRegistry, { id: "FileStatus" });

export const batchStatsSchema = z
  .object({
    files: z.object({ total: count, completed: count, failed: count, cancelled: count }),
    rows: count,
    verdicts: z.record(z.string(), count).describe("Rows by verdict: valid, risky, invalid, duplicate."),
    reasons: z.record(z.string(), count).describe("Rows by reason code, e.g. disposable, role_account, missing_at."),
    crossFileDuplicates: count
      .optional()
      .describe("Of the duplicates, rows whose address an earlier file of the batch (upload order) had, as the downloads mark them. Absent when none."),
  })
  .describe("Totals over the batch's files; set once the batch has finished.")
  .register(apiSchemaRegistry, { id: "BatchStats" });

export const fileSummarySchema = verificationSummarySchema
  .describe(
    "What verifying one file found: counts by verdict and reason (valid and risky net of rows an earlier file of the batch had), top domains, how the file was read.",
  )
  .register(apiSchemaRegistry, { id: "FileSummary" });

export const apiFileSchema = z
  .object({
    id: z.string(),
    position: count.describe("Order in the upload, from 0."),
    name: z.string().describe("The uploaded file name, cleaned. Display data only."),
    status: jobStatusSchema,
    bytes: count,
    rowsProcessed: count,
    progress: z.number().int().min(0).max(100).describe("Percent of the file's bytes read; 100 once finished."),
    error: z.string().nullable().describe("Why the file failed, in words a person can act on."),
    summary: fileSummarySchema.nullable(),
    crossFileDuplicates: count.describe(
      "Rows whose address an earlier file of the batch (upload order) had: duplicates in this file's downloads, counted in summary.verdicts.duplicate " +
        "and not in valid or risky. 0 until the batch has finished.",
    ),
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
    downloads: z
      .object({ cleaned: z.url().nullable(), report: z.url().nullable() })
      .describe("Absolute URLs of the result CSVs (same token auth), null until the file has completed."),
  })
  .describe("One uploaded file of a batch and its processing.")
  .register(apiSchemaRegistry, { id: "File" });

export const batchTimingsSchema = z
  .object({
    queuedAt: timestamp.describe("When the upload was accepted."),
    startedAt: timestamp.nullable().describe("When the first file started processing."),
    finishedAt: timestamp.nullable(),
    processingMs: count.nullable().describe("From startedAt to finishedAt."),
  })
  .register(apiSchemaRegistry, { id: "BatchTimings" });

export const apiBatchSchema = z
  .object({
    id: z.string(),
    status: batchStatusSchema,
    source: z.enum(["dashboard", "api"]),
    fileCount: count,
    totalBytes: count,
    stats: batchStatsSchema.nullable(),
    timings: batchTimingsSchema,
    createdAt: timestamp,
    expiresAt: timestamp.describe("Uploaded files and results are deleted after this moment."),
    files: z.array(apiFileSchema).optional().describe("Present on single-batch responses, absent from lists."),
  })
  .register(apiSchemaRegistry, { id: "Batch" });

export const batchResponseSchema = z.object({ batch: apiBatchSchema }).register(apiSchemaRegistry, { id: "BatchResponse" });

export const createdBatchResponseSchema = z
  .object({
    batch: apiBatchSchema,
    refused: z
      .array(refusedFileSchema.register(apiSchemaRegistry, { id: "RefusedFile" }))
      .optional()
      .describe("Files of the upload that were left out because they cannot hold a list (a PDF, an image) or are a .zip with no list or several; absent when every file was taken."),
  })
  .register(apiSchemaRegistry, { id: "CreatedBatchResponse" });

export const batchPageSchema = z
  .object({
    items: z.array(apiBatchSchema),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page (older batches); null on the last page."),
    prevCursor: z.string().nullable().describe("Pass as `cursor` for the previous page (newer batches); null on the first page."),
    counts: z.record(batchStatusSchema, count).describe("All of your batches by status, regardless of filter and page."),
  })
  .register(apiSchemaRegistry, { id: "BatchPage" });

export const retryResultSchema = z
  .object({ retried: count.describe("Failed files queued again.") })
  .register(apiSchemaRegistry, { id: "RetryResult" });

const errorCodes = [...(Object.keys(errorStatus) as (keyof typeof errorStatus)[]), "internal_error"] as const;

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes).describe("Stable, machine-readable."),
      message: z.string().describe("For people: what went wrong and what to do."),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("Extra facts, e.g. `issues: [{ path, message }]` for validation errors, `limit` for size limits."),
    }),
  })
  .meta({
    description: "Every error response has this shape.",
    examples: [
      {
        error: {
          code: "validation_failed",
          message: "limit: Too big: expected number to be <=200",
          details: { issues: [{ path: "limit", message: "Too big: expected number to be <=200" }] },
        },
      },
    ],
  })
  .register(apiSchemaRegistry, { id: "Error" });

export type ApiFile = z.output<typeof apiFileSchema>;
export type ApiBatch = z.output<typeof apiBatchSchema>;
export type BatchPageBody = z.output<typeof batchPageSchema>;
