// A file's corrected list: its cleaned list without risky rows (the batch-wide duplicate
// rule applied, as every download), followed by the rows fixed by hand (in line order),
// each with its address replaced by the fixed one and in the same columns. Risky rows
// join the list by being fixed or marked valid; without them as a base, a risky row the
// batch kept ("keep risky rows") would come out twice: as uploaded and as fixed.
//
// A fixed row whose mailbox is already in the list (a valid row, or an earlier fixed
// row) is left out, as the verifier leaves out any repeat: the list has every address
// once. Refusing such a fix instead would need the whole stored report read on every
// click (from the bucket, on another machine), which is what keeping flagged rows in
// PostgreSQL avoids; checking while the list streams costs one key per fixed row.
//
// Made on download in the format asked for (csv, excel-csv, xlsx), streamed: the cleaned
// list is never held in memory.
import { loadResultSources, RESULT_NOT_FOUND, storedFormatOf } from "../batches/load-result-sources";
import type { ResultFile } from "../batches/open-result-file";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { AppendedRow } from "../results/appended-rows";
import type { ResultFormat } from "../results/download-options";
import { downloadName, resultFileType } from "../results/result-file-type";
import { streamExport } from "../results/stream-export";
import { verificationSummarySchema } from "../verification/verification-summary";

export async function openCorrectedList(userId: string, batchId: string, fileId: string, format: ResultFormat = "csv"): Promise<ResultFile> {
  const file = await db().batchFile.findFirst({
    where: { id: fileId, batchId, batch: { userId } },
    select: { originalName: true, cleanedKey: true, summary: true },
  });
  const summary = verificationSummarySchema.safeParse(file?.summary);
  if (!file?.cleanedKey || !summary.success) throw new AppError("not_found", RESULT_NOT_FOUND);
  const batch = await loadResultSources(userId, batchId);
  const target = batch.sources.findIndex((entry) => entry.fileId === fileId);
  if (target === -1) throw new AppError("not_found", RESULT_NOT_FOUND);
  const fixed = await db().flaggedRow.findMany({
    where: { fileId, fixedAddress: { not: null } },
    orderBy: [{ line: "asc" }, { part: "asc" }],
    select: { cells: true, fixedAddress: true },
  });
  const { column } = summary.data;
  const width = summary.data.columns ?? null;
  const appended = fixed.map((row): AppendedRow => {
    const address = row.fixedAddress ?? "";
    const cells = Array.isArray(row.cells) ? row.cells.map(String) : [];
    if (width !== null) cells.length = width;
    cells[column.index] = address;
    return { cells: [...Array.from(cells, (cell) => cell ?? ""), address], address };
  });
  const stored = storedFormatOf(file.summary);
  const type = resultFileType(format, stored.delimiter);
  const sources = batch.sources.map((entry) => entry.source);
  const stream = streamExport({ kind: "cleaned", keepRisky: false, sources, target, appended }, format, { delimiter: stored.delimiter, bom: stored.bom });
  return { stream, fileName: downloadName(file.originalName, "corrected", type), contentType: type.contentType };
}
