// A file's cleaned list or report, or the whole batch's merged into one, for its owner
// only, in the format asked for.
//
// Formats are made on download, as a stream, from the stored report CSV (which holds
// every row and its verdict), not by the worker at processing time: one stored copy
// instead of one per format and per "keep risky" choice, a choice that can change after
// the upload, and the batch-wide duplicate rule applied to whatever files have results.
// Memory stays bounded: rows are read, converted and written a batch at a time, waiting
// for the reader; only the batch's duplicate table grows, with its distinct addresses.
// The stored CSV goes out byte for byte when it already is what was asked for.
import { PassThrough, type Readable } from "node:stream";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";
import { type DownloadQuery, type ResultKind } from "../results/download-options";
import { type ExportSource, exportResults } from "../results/export-results";
import { downloadName, resultFileType } from "../results/result-file-type";
import { CsvTableWriter, type TableWriter } from "../results/table-writer";
import { XlsxTableWriter } from "../results/xlsx-table-writer";
import { storage } from "../storage/storage";
import type { CsvDelimiter } from "../verification/sniff-csv-format";
import { keepRiskyOf } from "./batch-options";

export type { ResultKind } from "../results/download-options";

export type ResultDownload = { stream: Readable; fileName: string; contentType: string };

const DEFAULT_QUERY: DownloadQuery = { format: "csv" };

// What a download needs of a file's stored summary; summaries from before a field existed lack it.
const storedFormatSchema = z.object({
  delimiter: z.enum([",", ";", "\t"]).catch(","),
  bom: z.boolean().catch(false),
  columns: z.number().int().optional().catch(undefined),
  rows: z.number().int().optional().catch(undefined),
});
type StoredFormat = z.infer<typeof storedFormatSchema>;

function storedFormatOf(summary: unknown): StoredFormat {
  const parsed = storedFormatSchema.safeParse(summary ?? {});
  return parsed.success ? parsed.data : { delimiter: ",", bom: false, columns: undefined, rows: undefined };
}

const NOT_FOUND = "No such result file. It may still be processing, or it has expired.";

async function loadBatch(userId: string, batchId: string) {
  const batch = await db().batch.findFirst({
    where: { id: batchId, userId },
    select: {
      id: true,
      options: true,
      files: {
        orderBy: { position: "asc" },
        select: { id: true, originalName: true, status: true, cleanedKey: true, reportKey: true, summary: true },
      },
    },
  });
  if (!batch) throw new AppError("not_found", NOT_FOUND);
  return batch;
}

type LoadedBatch = Awaited<ReturnType<typeof loadBatch>>;

// The files whose reports take part: completed ones, in upload order. Checked up front,
// as a missing object would otherwise only fail mid-download.
async function exportSources(batch: LoadedBatch): Promise<{ id: string; source: ExportSource }[]> {
  const done = batch.files.filter((file) => file.status === "completed" && file.reportKey !== null);
  const present = await Promise.all(done.map((file) => storage().exists(file.reportKey ?? "")));
  if (present.includes(false)) throw new AppError("not_found", NOT_FOUND);
  return done.map((file) => {
    const stored = storedFormatOf(file.summary);
    const key = file.reportKey ?? "";
    return {
      id: file.id,
      source: { name: file.originalName, delimiter: stored.delimiter, columns: stored.columns, rows: stored.rows, openReport: () => storage().get(key) },
    };
  });
}

export async function openResultFile(
  userId: string,
  batchId: string,
  fileId: string,
  kind: ResultKind,
  query: DownloadQuery = DEFAULT_QUERY,
): Promise<ResultDownload> {
  const batch = await loadBatch(userId, batchId);
  const file = batch.files.find((entry) => entry.id === fileId);
  const key = kind === "cleaned" ? file?.cleanedKey : file?.reportKey;
  if (!file || !key || !(await storage().exists(key))) throw new AppError("not_found", NOT_FOUND);
  const stored = storedFormatOf(file.summary);
  const type = resultFileType(query.format, stored.delimiter);
  const fileName = downloadName(file.originalName, kind, type);
  const storedKeepRisky = keepRiskyOf(batch.options);
  const keepRisky = query.risky === undefined ? storedKeepRisky : query.risky === "include";

  const sources = await exportSources(batch);
  const target = sources.findIndex((entry) => entry.id === fileId);
  // The first file with results has no earlier file to repeat: its stored CSV is the answer.
  const asStored = query.format === "csv" && target <= 0 && (kind === "report" || keepRisky === storedKeepRisky);
  if (asStored) return { stream: storage().get(key), fileName, contentType: type.contentType };
  if (target === -1) throw new AppError("not_found", NOT_FOUND);

  const stream = startExport(
    { kind, keepRisky, sources: sources.map((entry) => entry.source), target },
    createWriter(query.format, kind, { delimiter: stored.delimiter, bom: stored.bom }),
  );
  return { stream, fileName, contentType: type.contentType };
}

/** All files of the batch with results as one list (see export-results.ts for the rules). */
export async function openMergedResults(userId: string, batchId: string, kind: ResultKind, query: DownloadQuery = DEFAULT_QUERY): Promise<ResultDownload> {
  const batch = await loadBatch(userId, batchId);
  const sources = await exportSources(batch);
  const first = sources[0];
  if (first === undefined) throw new AppError("not_found", "No file of this batch has results yet. They may still be processing, or they have expired.");
  // One delimiter for the whole list: the first file's.
  const { delimiter } = first.source;
  const type = resultFileType(query.format, delimiter);
  const keepRisky = query.risky === undefined ? keepRiskyOf(batch.options) : query.risky === "include";
  const stream = startExport(
    { kind, keepRisky, sources: sources.map((entry) => entry.source), target: "merged" },
    createWriter(query.format, kind, { delimiter, bom: false }),
  );
  return { stream, fileName: downloadName(`batch_${batch.id}`, `all-${kind}`, type), contentType: type.contentType };
}

type WriterFactory = (stream: PassThrough) => TableWriter;

function createWriter(format: DownloadQuery["format"], kind: ResultKind, csv: { delimiter: CsvDelimiter; bom: boolean }): WriterFactory {
  if (format === "xlsx") return (stream) => new XlsxTableWriter(stream, kind === "cleaned" ? "Cleaned" : "Report");
  // "CSV for Excel": a byte order mark, or Excel reads UTF-8 as its ANSI code page; CRLF as Excel writes.
  if (format === "excel-csv") return (stream) => new CsvTableWriter(stream, { delimiter: csv.delimiter, bom: true, newline: "\r\n" });
  return (stream) => new CsvTableWriter(stream, { delimiter: csv.delimiter, bom: csv.bom, newline: "\r\n" });
}

function startExport(request: Parameters<typeof exportResults>[0], writerFor: WriterFactory): Readable {
  const stream = new PassThrough();
  exportResults(request, writerFor(stream)).catch((error: unknown) => {
    // Mid-download there is no status left to send: the download ends broken, not short.
    if (!stream.destroyed) log.warn({ event: "download.export_failed", err: error }, "result export failed");
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return stream;
}
