// Every REST API v1 operation, described once. The OpenAPI document and the API page
// are generated from this list and the zod schemas it names; the route handlers
// under app/api/v1 parse with the same schemas.
import type { z } from "zod";
import type { BatchOptionsInput } from "../batches/batch-options";
import { listBatchesQuerySchema } from "../batches/list-batches";
import { downloadQuerySchema } from "../results/download-options";
import { batchPathSchema, mergedResultPathSchema, resultFilePathSchema } from "./api-params";
import { batchPageSchema, batchResponseSchema, createdBatchResponseSchema, retryResultSchema } from "./api-schemas";
import { flaggedRowQuerySchema } from "../row-fixes/list-flagged-rows";
import {
  filePreviewSchema,
  flaggedRowPageSchema,
  flaggedRowsPathSchema,
  pickColumnBodySchema,
  rerunResultSchema,
  rowFixBodySchema,
  rowFixResultSchema,
} from "../row-fixes/row-fix-api";
import { batchFilePathSchema, correctedListQuerySchema } from "../row-fixes/row-fix-params";

export type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export type ApiOperation = {
  operationId: string;
  method: "get" | "post";
  /** OpenAPI path template, e.g. `/api/v1/batches/{id}`. */
  path: string;
  summary: string;
  description: string;
  /** False only for the document itself. */
  authenticated: boolean;
  pathParams?: z.ZodObject;
  query?: { schema: z.ZodObject; descriptions: Record<string, string> };
  /** multipart/form-data: files plus the optional `options` JSON part. */
  upload?: boolean;
  /** A JSON request body, parsed with this schema. */
  jsonBody?: z.ZodType;
  success:
    | { status: 200 | 202; description: string; json: z.ZodType }
    | { status: 200; description: string; csv: true }
    | { status: 200; description: string; openapi: true };
  errors: ErrorStatus[];
  /** A curl command for the API page and `x-codeSamples`; `$TIDINGS_TOKEN` holds the token. */
  curl: (baseUrl: string) => string;
};

/** An `options` part as a client would send it; shown in the document and the curl example. */
export const exampleBatchOptions: BatchOptionsInput = {
  context: { user_id: "crm-42", email: "ops@acme-mail.com" },
  notifications: { email: { enabled: true, on: ["FAILURE"] } },
};

const auth = `-H "Authorization: Bearer $TIDINGS_TOKEN"`;
const batchPath = "/api/v1/batches/{id}";

export const apiOperations: ApiOperation[] = [
  {
    operationId: "createBatch",
    method: "post",
    path: "/api/v1/batches",
    summary: "Upload files as a new batch",
    description:
      "Send one or more files as multipart/form-data: CSV, TSV or TXT lists, Excel workbooks (.xlsx), or one list in a .zip or .gz; " +
      "each becomes a file of one batch, verified in the background. Files that cannot hold a list (a PDF, an image, a .zip with no list or several) " +
      "are left out and listed in `refused`; when every file is, the answer is 415 and no batch is made. " +
      "For a workbook, `sheet` (a form part, or in `options`) picks the sheet by name or 1-based number; the first visible sheet otherwise. " +
      "An optional `options` part (JSON) carries the notification contract: who is told, and about which outcomes. " +
      "Limits on file size, file count and total size are enforced while the bytes arrive. " +
      "`context.email` names an extra recipient: an address that is not yours first gets one request to accept your batch emails, " +
      "and gets them only once it has; a new address beyond the daily caps is answered 429 `recipient_limit_reached` with `Retry-After`.",
    authenticated: true,
    upload: true,
    success: { status: 202, description: "Accepted: the batch and its files, queued for processing.", json: createdBatchResponseSchema },
    errors: [400, 401, 413, 415, 422, 429],
    curl: (base) =>
      `curl -X POST "${base}/api/v1/batches" \\\n  ${auth} \\\n  -F "files=@contacts.csv" \\\n  -F "files=@leads.csv" \\\n` +
      `  -F 'options=${JSON.stringify(exampleBatchOptions)}'`,
  },
  {
    operationId: "listBatches",
    method: "get",
    path: "/api/v1/batches",
    summary: "List your batches",
    description:
      "Newest first, a page at a time (keyset pagination: a page costs the same however deep it is, and batches uploaded " +
      "while you page neither repeat nor go missing). Follow `nextCursor` for older batches and `prevCursor` for newer ones; " +
      "cursors are opaque, and one that was not given out by this list is answered 400. " +
      "`counts` gives all of your batches by status, whatever the filter.",
    authenticated: true,
    query: {
      schema: listBatchesQuerySchema,
      descriptions: {
        status: "Only batches with this status.",
        limit: "Batches per page, 1–200.",
        cursor: "The `nextCursor` (older) or `prevCursor` (newer) of a page, as given; leave out for the first page.",
      },
    },
    success: { status: 200, description: "One page of batches.", json: batchPageSchema },
    errors: [400, 401, 422, 429],
    curl: (base) => `curl "${base}/api/v1/batches?status=completed&limit=20" \\\n  ${auth}`,
  },
  {
    operationId: "getBatch",
    method: "get",
    path: batchPath,
    summary: "Get a batch",
    description:
      "The batch with its files, stats, timings and result download URLs. Poll it to follow progress. " +
      "Its counts follow the downloads: a row whose address an earlier file of the batch (upload order) had is a duplicate, " +
      "not valid or risky (`stats.crossFileDuplicates`, `files[].crossFileDuplicates`), counted before the batch is reported finished.",
    authenticated: true,
    pathParams: batchPathSchema,
    success: { status: 200, description: "The batch.", json: batchResponseSchema },
    errors: [401, 404, 429],
    curl: (base) => `curl "${base}/api/v1/batches/BATCH_ID" \\\n  ${auth}`,
  },
  {
    operationId: "retryBatch",
    method: "post",
    path: `${batchPath}/retry`,
    summary: "Retry the failed files of a batch",
    description: "Queues the batch's failed files again; completed files keep their results. The batch must have finished.",
    authenticated: true,
    pathParams: batchPathSchema,
    success: { status: 202, description: "Accepted: how many files were queued again.", json: retryResultSchema },
    errors: [401, 404, 409, 429],
    curl: (base) => `curl -X POST "${base}/api/v1/batches/BATCH_ID/retry" \\\n  ${auth}`,
  },
  {
    operationId: "downloadResultFile",
    method: "get",
    path: `${batchPath}/files/{fileId}/{kind}`,
    summary: "Download a result file",
    description:
      "The cleaned list (valid rows, original columns plus `normalized_email`; risky rows too with `risky=include`) or the report " +
      "(every row with verdict, reason and suggestion) of one completed file, as CSV, CSV for Excel or an Excel workbook (`format`). " +
      "Cells that a spreadsheet would run as a formula start with an apostrophe; everything else is as uploaded. " +
      "A tab-separated upload gives a `.tsv` (`text/tab-separated-values`). Across a batch, an address already in an earlier file " +
      "(upload order) is a `duplicate` naming that file and line. The URLs are in `files[].downloads` of the batch. " +
      "An unknown `format` or `risky` is answered 400. Where the server keeps files in a bucket with a public address (S3_PUBLIC_ENDPOINT) " +
      "and the stored file is the answer, it answers 302 with a 5-minute signed link to the bucket instead: follow redirects.",
    authenticated: true,
    pathParams: resultFilePathSchema,
    query: { schema: downloadQuerySchema, descriptions: {} },
    success: { status: 200, description: "The file, streamed as an attachment (`text/csv`, `text/tab-separated-values` or the xlsx type).", csv: true },
    errors: [400, 401, 404, 429],
    curl: (base) => `curl -LOJ "${base}/api/v1/batches/BATCH_ID/files/FILE_ID/cleaned?format=xlsx" \\\n  ${auth}`,
  },
  {
    operationId: "downloadMergedResults",
    method: "get",
    path: `${batchPath}/merged/{kind}`,
    summary: "Download the batch as one list",
    description:
      "Every completed file of the batch as one cleaned list or report, in upload order. An address already in an earlier row " +
      "of any file is a `duplicate` (in the cleaned list: left out), with the file and line where it first appeared. Columns are " +
      "matched by header name, in the order they first appear; a column a file lacks is empty in its rows; a last column " +
      "`source_file` names the file of each row. The first file's delimiter is used. Same `format` and `risky` as a file's download.",
    authenticated: true,
    pathParams: mergedResultPathSchema,
    query: { schema: downloadQuerySchema, descriptions: {} },
    success: { status: 200, description: "The merged list, streamed as an attachment.", csv: true },
    errors: [400, 401, 404, 429],
    curl: (base) => `curl -OJ "${base}/api/v1/batches/BATCH_ID/merged/cleaned?format=excel-csv" \\\n  ${auth}`,
  },
  {
    operationId: "listFlaggedRows",
    method: "get",
    path: `${batchPath}/rows`,
    summary: "List the rows to fix",
    description:
      "The invalid and risky rows of the batch's files (the first 5,000 of each file; the report CSV has every row), 20 a page, " +
      "in file and line order, with the verifier's reasons and suggestion and, once fixed, the fixed address.",
    authenticated: true,
    pathParams: batchPathSchema,
    query: {
      schema: flaggedRowQuerySchema.pick({ file: true, reason: true, page: true }),
      descriptions: { file: "Only rows of this file (`files[].id`).", reason: "Only rows with this reason code.", page: "The page, from 1." },
    },
    success: { status: 200, description: "One page of rows.", json: flaggedRowPageSchema },
    errors: [401, 404, 429],
    curl: (base) => `curl "${base}/api/v1/batches/BATCH_ID/rows?reason=possible_typo" \\\n  ${auth}`,
  },
  {
    operationId: "fixFlaggedRow",
    method: "post",
    path: `${batchPath}/rows/{rowId}`,
    summary: "Fix a row",
    description:
      "`accept_suggestion` takes the suggested address; `edit` takes `address`, judged by the verifier's syntax and domain rules " +
      "(422 with the reason when it is still invalid); `mark_valid` keeps the address as written. The row then goes into the " +
      "file's corrected list, and the change is recorded.",
    authenticated: true,
    pathParams: flaggedRowsPathSchema,
    jsonBody: rowFixBodySchema,
    success: { status: 200, description: "The address now in the corrected list.", json: rowFixResultSchema },
    errors: [400, 401, 404, 409, 422, 429],
    curl: (base) =>
      `curl -X POST "${base}/api/v1/batches/BATCH_ID/rows/ROW_ID" \\\n  ${auth} \\\n  -H "Content-Type: application/json" \\\n  -d '{"action":"edit","address":"kim@gmail.com"}'`,
  },
  {
    operationId: "downloadCorrectedList",
    method: "get",
    path: `${batchPath}/files/{fileId}/corrected`,
    summary: "Download a file's corrected list",
    description:
      "The cleaned list (without risky rows) followed by the rows fixed by hand, in the same columns, each with its fixed address, " +
      "as CSV, CSV for Excel or an Excel workbook (`format`; an unknown one is answered 400). A fixed row whose mailbox is already " +
      "in the list (a valid row or an earlier fixed row, compared as the verifier compares duplicates) is left out: every address once.",
    authenticated: true,
    pathParams: batchFilePathSchema,
    query: { schema: correctedListQuerySchema, descriptions: {} },
    success: { status: 200, description: "The list, streamed as an attachment.", csv: true },
    errors: [400, 401, 404, 429],
    curl: (base) => `curl -OJ "${base}/api/v1/batches/BATCH_ID/files/FILE_ID/corrected?format=xlsx" \\\n  ${auth}`,
  },
  {
    operationId: "downloadRowChanges",
    method: "get",
    path: `${batchPath}/changes`,
    summary: "Download the changes made by hand",
    description: "One line per change: file, line, address_in_cell, before, after, change, changed_by, changed_at.",
    authenticated: true,
    pathParams: batchPathSchema,
    success: { status: 200, description: "The CSV, streamed as an attachment.", csv: true },
    errors: [401, 404, 429],
    curl: (base) => `curl -OJ "${base}/api/v1/batches/BATCH_ID/changes" \\\n  ${auth}`,
  },
  {
    operationId: "previewFile",
    method: "get",
    path: `${batchPath}/files/{fileId}/preview`,
    summary: "Preview a file's first rows",
    description: "The column names and first rows of an uploaded file, read as processing reads it: what to pick the email column from.",
    authenticated: true,
    pathParams: batchFilePathSchema,
    success: { status: 200, description: "The preview.", json: filePreviewSchema },
    errors: [401, 404, 429],
    curl: (base) => `curl "${base}/api/v1/batches/BATCH_ID/files/FILE_ID/preview" \\\n  ${auth}`,
  },
  {
    operationId: "rerunFileWithColumn",
    method: "post",
    path: `${batchPath}/files/{fileId}/column`,
    summary: "Run a file again with another email column",
    description:
      "For a file that failed because no email column was found, or a processed one whose column was wrong: the file runs again " +
      "with `column` (a name from its preview). The batch must have finished.",
    authenticated: true,
    pathParams: batchFilePathSchema,
    jsonBody: pickColumnBodySchema,
    success: { status: 202, description: "Accepted: the file is queued again.", json: rerunResultSchema },
    errors: [400, 401, 404, 409, 422, 429],
    curl: (base) =>
      `curl -X POST "${base}/api/v1/batches/BATCH_ID/files/FILE_ID/column" \\\n  ${auth} \\\n  -H "Content-Type: application/json" \\\n  -d '{"column":"contact"}'`,
  },
  {
    operationId: "getOpenApiDocument",
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This API as an OpenAPI 3.1 document",
    description: "Generated from the same schemas the API validates with.",
    authenticated: false,
    success: { status: 200, description: "The OpenAPI document.", openapi: true },
    errors: [],
    curl: (base) => `curl "${base}/api/v1/openapi.json"`,
  },
];
