// Path and query parameters of the row-fixing routes and actions.
import { z } from "zod";
import { AppError } from "../errors";
import { resultFormats, resultFormatSchema, type ResultFormat } from "../results/download-options";

const id = z.string().min(1).max(64);

export const batchFilePathSchema = z.object({ id, fileId: id });
export const batchOnlyPathSchema = z.object({ id });

export const correctedListQuerySchema = z
  .object({
    format: resultFormatSchema.default("csv").describe("`csv` (default), `excel-csv` or `xlsx`, as for the other downloads."),
  })
  .strict();

/** The corrected list's options from a request's query string; a clear 400 for anything unknown. */
export function parseCorrectedListQuery(url: string): { format: ResultFormat } {
  const params = Object.fromEntries(new URL(url).searchParams);
  const parsed = correctedListQuerySchema.safeParse(params);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join(".") ?? "";
  const message = where === "format" ? `Unknown format. Use one of: ${resultFormats.join(", ")}.` : "Unknown query parameter: the corrected list takes only format.";
  throw new AppError("bad_request", message, { issues: parsed.error.issues.map((entry) => ({ path: entry.path.join("."), message: entry.message })) });
}
