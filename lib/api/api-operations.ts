// Every REST API v1 operation, described once. The OpenAPI document and the API page
// are generated from this list and the zod schemas it names; the route handlers
// under app/api/v1 parse with the same schemas.
import type { z } from "zod";
import type { BatchOptionsInput } from "../batches/batch-options";
import { listBatchesQuerySchema } from "../batches/list-batches";
import { batchPathSchema, resultFilePathSchema } from "./api-params";
import { batchPageSchema, batchResponseSchema, createdBatchResponseSchema, retryResultSchema } from "./api-schemas";

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
      "each becomes a file of one batch, verified in the background. Files that cannot hold a list (a PDF, an image) are left out " +
      "and listed in `refused`; when every file is, the answer is 415 and no batch is made. " +
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
    description: "The batch with its files, stats, timings and result download URLs. Poll it to follow progress.",
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
    summary: "Download a result CSV",
    description:
      "The cleaned CSV (valid rows, original columns plus `normalized_email`) or the report CSV (every row with verdict, reason and suggestion) " +
      "of one completed file. The URLs are in `files[].downloads` of the batch.",
    authenticated: true,
    pathParams: resultFilePathSchema,
    success: { status: 200, description: "The CSV, streamed as an attachment.", csv: true },
    errors: [401, 404, 429],
    curl: (base) => `curl -OJ "${base}/api/v1/batches/BATCH_ID/files/FILE_ID/cleaned" \\\n  ${auth}`,
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
