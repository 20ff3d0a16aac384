// All files of a batch that have results as one list, for its owner only, in the
// format asked for (the rules: lib/results/export-results.ts; why on download: open-result-file.ts).
import { AppError } from "../errors";
import type { DownloadQuery, ResultKind } from "../results/download-options";
import { downloadName, resultFileType } from "../results/result-file-type";
import { streamExport } from "../results/stream-export";
import { loadResultSources } from "./load-result-sources";
import { DEFAULT_DOWNLOAD_QUERY, type ResultFile } from "./open-result-file";

export async function openMergedResults(userId: string, batchId: string, kind: ResultKind, query: DownloadQuery = DEFAULT_DOWNLOAD_QUERY): Promise<ResultFile> {
  const batch = await loadResultSources(userId, batchId, undefined, kind === "report");
  const first = batch.sources[0];
  if (first === undefined) throw new AppError("not_found", "No file of this batch has results yet. They may still be processing, or they have expired.");
  // One delimiter for the whole list: the first file's.
  const { delimiter } = first.source;
  const type = resultFileType(query.format, delimiter);
  const keepRisky = query.risky === undefined ? batch.keepRisky : query.risky === "include";
  const sources = batch.sources.map((entry) => entry.source);
  const stream = streamExport({ kind, keepRisky, sources, target: "merged" }, query.format, { delimiter, bom: false });
  return { stream, fileName: downloadName(`batch_${batch.batchId}`, `all-${kind}`, type), contentType: type.contentType };
}
