// The REST API's side of fixing rows and files: response schemas (registered for the
// OpenAPI document), request bodies, and reading a small JSON body.
import { z } from "zod";
import { apiSchemaRegistry } from "../api/api-schemas";
import { AppError } from "../errors";
import { readLimitedBody } from "../http/read-limited-body";
import { rowFixSchema } from "./fix-flagged-row";

const count = z.number().int().nonnegative();
const MAX_JSON_BODY_BYTES = 16 * 1024;

export const flaggedRowPageSchema = z
  .object({
    rows: z.array(
      z.object({
        id: z.string(),
        fileId: z.string(),
        fileName: z.string(),
        line: count.describe("The row's line in the uploaded file."),
        part: count.describe("Which address of its cell, from 1 (a cell can hold several)."),
        address: z.string(),
        verdict: z.string().describe("invalid or risky."),
        reasons: z.array(z.string()),
        detail: z.string(),
        suggestion: z.string().nullable(),
        fixedAddress: z.string().nullable().describe("The address in the corrected list, once fixed by hand."),
        fixedHow: z.string().nullable().describe("suggestion, edit or marked_valid."),
      }),
    ),
    total: count,
    page: count,
    pageCount: count,
    reasons: z.array(z.object({ reason: z.string(), count })).describe("Reasons among the rows, with counts: the filter's choices."),
    fixed: count.describe("Rows of the batch fixed by hand."),
  })
  .describe("A page of a batch's invalid and risky rows (at most 5,000 kept per file).")
  .register(apiSchemaRegistry, { id: "FlaggedRowPage" });

export const rowFixResultSchema = z
  .object({ address: z.string(), warning: z.string().nullable().describe("What is still risky about the address, and whether another fixed row of the file has the same one (the corrected list has it once); null when nothing.") })
  .register(apiSchemaRegistry, { id: "RowFixResult" });

export const filePreviewSchema = z
  .object({ columns: z.array(z.string()), hasHeader: z.boolean(), rows: z.array(z.array(z.string())) })
  .describe("The first rows of an uploaded file, read as processing reads it; `columns` are the names to pick from.")
  .register(apiSchemaRegistry, { id: "FilePreview" });

export const rerunResultSchema = z.object({ fileId: z.string(), column: z.string(), status: z.literal("queued") }).register(apiSchemaRegistry, { id: "RerunResult" });

export const rowFixBodySchema = rowFixSchema;
export const pickColumnBodySchema = z.object({ column: z.string().min(1).max(500) });

export const flaggedRowsPathSchema = z.object({ id: z.string().min(1).max(64), rowId: z.string().min(1).max(64) });

/** A small JSON request body, parsed with `schema`: 400 when it is not JSON, 422 when it does not fit. */
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  const bytes = await readLimitedBody(request, MAX_JSON_BODY_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new AppError("bad_request", "The body must be JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Check the body.", {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  return parsed.data;
}
