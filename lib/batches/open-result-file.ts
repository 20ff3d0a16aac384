// A file's cleaned list or report, for its owner only, in the format asked for.
//
// Formats are made on download, as a stream, from the stored report CSV (which holds
// every row and its verdict), not by the worker at processing time: one stored copy
// instead of one per format and per "keep risky" choice, a choice that can change after
// the upload, and the batch-wide duplicate rule applied to whatever files have results.
// Memory stays bounded: rows are read, converted and written a batch at a time, waiting
// for the reader; only the batch's duplicate table grows, with its distinct addresses.
// The stored CSV goes out byte for byte when it already is what was asked for. A report
// with rows fixed by hand is made on download too: it says which rows and what to
// (REPORT_FIX_COLUMNS); without such rows it is the stored file.
import type { Readable } from "node:stream";
import { AppError } from "../errors";
import type { DownloadQuery, ResultKind } from "../results/download-options";
import { downloadName, resultFileType } from "../results/result-file-type";
import { streamExport } from "../results/stream-export";
import { storage, type Storage } from "../storage/storage";
import { loadResultSources, RESULT_NOT_FOUND, storedFormatOf } from "./load-result-sources";

export type { ResultKind } from "../results/download-options";

/** `storedKey` is set when the stored object itself is the answer (it could be linked to directly). */
export type ResultFile = { stream: Readable; fileName: string; contentType: string; storedKey?: string };

export const DEFAULT_DOWNLOAD_QUERY: DownloadQuery = { format: "csv" };

export async function openResultFile(
  userId: string,
  batchId: string,
  fileId: string,
  kind: ResultKind,
  query: DownloadQuery = DEFAULT_DOWNLOAD_QUERY,
  store: Storage = storage(),
): Promise<ResultFile> {
  const batch = await loadResultSources(userId, batchId, store, kind === "report");
  const file = batch.files.find((entry) => entry.id === fileId);
  const key = kind === "cleaned" ? file?.cleanedKey : file?.reportKey;
  if (!file || !key || !(await store.exists(key))) throw new AppError("not_found", RESULT_NOT_FOUND);
  const stored = storedFormatOf(file.summary);
  const type = resultFileType(query.format, stored.delimiter);
  const fileName = downloadName(file.originalName, kind, type);
  // The stored cleaned CSV follows the batch's choice (process-batch-file.ts).
  const keepRisky = query.risky === undefined ? batch.keepRisky : query.risky === "include";

  const target = batch.sources.findIndex((entry) => entry.fileId === fileId);
  // The first file with results has no earlier file to repeat: its stored CSV is the answer.
  const fixed = (batch.sources[target]?.source.fixes?.size ?? 0) > 0;
  const asStored = query.format === "csv" && target <= 0 && !fixed && (kind === "report" || keepRisky === batch.keepRisky);
  if (asStored) return { stream: store.get(key), fileName, contentType: type.contentType, storedKey: key };
  if (target === -1) throw new AppError("not_found", RESULT_NOT_FOUND);

  const sources = batch.sources.map((entry) => entry.source);
  const stream = streamExport({ kind, keepRisky, sources, target }, query.format, { delimiter: stored.delimiter, bom: stored.bom });
  return { stream, fileName, contentType: type.contentType };
}
