// What a person or API client may ask of a result download: its format and, for the
// cleaned list, whether risky rows are in it. A query string, parsed here once for the
// dashboard route and the REST API alike.
import { z } from "zod";
import { AppError } from "../errors";

export const resultFormats = ["csv", "excel-csv", "xlsx"] as const;
export const resultFormatSchema = z.enum(resultFormats);
export type ResultFormat = z.infer<typeof resultFormatSchema>;

export const resultKindSchema = z.enum(["cleaned", "report"]);
export type ResultKind = z.infer<typeof resultKindSchema>;

export const downloadQuerySchema = z
  .object({
    format: resultFormatSchema
      .default("csv")
      .describe(
        "`csv` (default): UTF-8 in the upload's delimiter, with a byte order mark only when the upload had one (a tab-separated result is a `.tsv`). " +
          "`excel-csv`: UTF-8 with a byte order mark and CRLF line ends, in the upload's delimiter, so Excel shows accents right. " +
          "`xlsx`: an Excel workbook, every cell text.",
      ),
    risky: z
      .enum(["include", "exclude"])
      .optional()
      .describe("Cleaned list only: `include` keeps risky rows (role, disposable, possible typo) next to the valid ones. Default: the batch's `keep_risky` upload option."),
  })
  .strict();
export type DownloadQuery = z.output<typeof downloadQuerySchema>;

/** The download options from a request's query string; a clear 400 for anything unknown. */
export function parseDownloadQuery(url: string): DownloadQuery {
  const params = Object.fromEntries(new URL(url).searchParams);
  // `from` marks links in emails (for sign-in redirects); it says nothing about the file.
  delete params.from;
  const parsed = downloadQuerySchema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join(".") ?? "";
  const message =
    where === "format"
      ? `Unknown format. Use one of: ${resultFormats.join(", ")}.`
      : where === "risky"
        ? "Unknown risky option. Use include or exclude."
        : "Unknown query parameter: a download takes only format and risky.";
  throw new AppError("bad_request", message, { issues: parsed.error.issues.map((entry) => ({ path: entry.path.join("."), message: entry.message })) });
}
