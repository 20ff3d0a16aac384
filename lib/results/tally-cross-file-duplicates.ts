// Counts, per file of a batch, the rows the batch-wide duplicate rule turns into
// duplicates: what the downloads (export-results.ts) mark, counted once by the worker
// when the batch ends, so the numbers people see agree with the files they download.
// Reads the stored reports in upload order through the same CrossFileDuplicates as the
// export: streamed, memory bounded by the table of distinct addresses.
import type { CrossFileCounts } from "../batches/cross-file-counts";
import { CrossFileDuplicates } from "./cross-file-duplicates";
import { type ExportSource, layoutOf } from "./export-results";
import { readResultCsv } from "./read-result-csv";

/** One tally per source, in the sources' order (upload order, completed files only). */
export async function tallyCrossFileDuplicates(sources: readonly Pick<ExportSource, "delimiter" | "columns" | "rows" | "openReport">[], signal?: AbortSignal): Promise<CrossFileCounts[]> {
  // Sized for the largest file, as the export does: files of one batch often repeat one list.
  const duplicates = new CrossFileDuplicates(Math.max(0, ...sources.map((source) => source.rows ?? 0)));
  const tallies: CrossFileCounts[] = [];
  for (const [index, source] of sources.entries()) {
    const tally: CrossFileCounts = { valid: 0, risky: 0, duplicate: 0, alias_duplicate: 0 };
    tallies.push(tally);
    let layout: ReturnType<typeof layoutOf> | null = null;
    for await (const rows of readResultCsv(source.openReport(), source.delimiter)) {
      signal?.throwIfAborted();
      for (const row of rows) {
        if (layout === null) {
          layout = layoutOf(row, source.columns);
          continue;
        }
        const verdict = row[layout.verdict] ?? "";
        const repeat = duplicates.checkReportRow(verdict, row[layout.normalized] ?? "", index, Number(row[layout.line]) || 0);
        if (repeat === null) continue;
        tally[verdict === "risky" ? "risky" : "valid"] += 1;
        tally[repeat.kind] += 1;
      }
    }
  }
  return tallies;
}
