// A download's file name ending and Content-Type from its format and the delimiter the
// upload used: a tab-separated file is never called .csv.
import type { CsvDelimiter } from "../verification/sniff-csv-format";
import type { ResultFormat } from "./download-options";

export type ResultFileType = { readonly extension: string; readonly contentType: string };

export function resultFileType(format: ResultFormat, delimiter: CsvDelimiter): ResultFileType {
  if (format === "xlsx") return { extension: "xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
  if (delimiter === "\t") return { extension: "tsv", contentType: "text/tab-separated-values; charset=utf-8" };
  return { extension: "csv", contentType: "text/csv; charset=utf-8" };
}

/** "contacts.csv" → "contacts-cleaned.xlsx", kept to safe characters for the header. */
export function downloadName(originalName: string, suffix: string, type: ResultFileType): string {
  const base = originalName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_").slice(0, 100) || "file";
  return `${base}-${suffix}.${type.extension}`;
}
