// Runs an export into a stream the response can send at once, in the format asked for.
import { PassThrough, type Readable } from "node:stream";
import { log } from "../log";
import type { CsvDelimiter } from "../verification/sniff-csv-format";
import type { ResultFormat } from "./download-options";
import { type ExportRequest, exportResults } from "./export-results";
import { CsvTableWriter, type TableWriter } from "./table-writer";
import { XlsxTableWriter } from "./xlsx-table-writer";

export type CsvConventions = { readonly delimiter: CsvDelimiter; readonly bom: boolean };

/** The export as a readable stream; a failure mid-way ends the download broken, not short. */
export function streamExport(request: ExportRequest, format: ResultFormat, csv: CsvConventions): Readable {
  const stream = new PassThrough();
  exportResults(request, createWriter(stream, format, request.kind === "cleaned" ? "Cleaned" : "Report", csv)).catch((error: unknown) => {
    // A download the reader cancelled is not worth a warning.
    if (!stream.destroyed) log.warn({ event: "download.export_failed", err: error }, "result export failed");
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return stream;
}

function createWriter(stream: PassThrough, format: ResultFormat, sheetName: string, csv: CsvConventions): TableWriter {
  if (format === "xlsx") return new XlsxTableWriter(stream, sheetName);
  // "CSV for Excel": a byte order mark, or Excel reads UTF-8 as its ANSI code page; CRLF as Excel writes.
  if (format === "excel-csv") return new CsvTableWriter(stream, { delimiter: csv.delimiter, bom: true, newline: "\r\n" });
  return new CsvTableWriter(stream, { delimiter: csv.delimiter, bom: csv.bom, newline: "\r\n" });
}
