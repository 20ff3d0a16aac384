// Path parameters of the REST API, parsed by the route handlers and described in
// the OpenAPI document from the same schemas.
import { z } from "zod";
import { AppError } from "../errors";

const id = z.string().min(1).max(64);

export const batchPathSchema = z.object({ id: id.describe("The batch id.") });

export const resultFileKindSchema = z.enum(["cleaned", "report"]);

export const resultFilePathSchema = z.object({
  id: id.describe("The batch id."),
  fileId: id.describe("The file id (`files[].id`)."),
  kind: resultFileKindSchema.describe("`cleaned`: the valid rows; `report`: every row with verdict, reason and suggestion."),
});

export const mergedResultPathSchema = z.object({
  id: id.describe("The batch id."),
  kind: resultFileKindSchema.describe("`cleaned`: the valid rows of every file as one list; `report`: every row of every file."),
});

/** The API path of the batch's merged list. */
export function mergedResultPath(batchId: string, kind: z.output<typeof resultFileKindSchema>): string {
  return `/api/v1/batches/${encodeURIComponent(batchId)}/merged/${kind}`;
}

/** The API path of a result CSV; the one place its shape is spelled out. */
export function resultFilePath(batchId: string, fileId: string, kind: z.output<typeof resultFileKindSchema>): string {
  return `/api/v1/batches/${encodeURIComponent(batchId)}/files/${encodeURIComponent(fileId)}/${kind}`;
}

/**
 * Parses a route's path parameters. A malformed id names no batch of anyone's, so
 * it is "not found" like any other unknown id, not a validation error.
 */
export function parsePathParams<Schema extends z.ZodType>(schema: Schema, params: Record<string, string>): z.output<Schema> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new AppError("not_found", "No such resource.");
  return parsed.data;
}
