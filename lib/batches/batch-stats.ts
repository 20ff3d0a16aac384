// Adding up the processors' per-file summaries into a batch's stats.
import { z } from "zod";
import { crossFileDuplicatesOf, summaryNetOfCrossFile } from "./cross-file-counts";

/** The part of a file's summary the batch totals are made of. */
export const fileSummarySchema = z
  .object({
    rows: z.number().int().nonnegative(),
    verdicts: z.record(z.string(), z.number().int().nonnegative()),
    reasons: z.record(z.string(), z.number().int().nonnegative()).default({}),
  })
  .loose();

export type BatchStats = {
  files: { total: number; completed: number; failed: number; cancelled: number };
  rows: number;
  verdicts: Record<string, number>;
  reasons: Record<string, number>;
  /**
   * Of the duplicates, rows whose address an earlier file of the batch had (they are
   * out of valid and risky). Absent when there are none, and from stats written before they were counted.
   */
  crossFileDuplicates?: number;
};

function addCounts(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [key, value] of Object.entries(counts)) into[key] = (into[key] ?? 0) + value;
}

/** `crossFileDuplicates`: the file's stored counts of rows an earlier file of the batch had (cross-file-counts.ts). */
export function aggregateStats(files: { status: string; summary: unknown; crossFileDuplicates?: unknown }[]): BatchStats {
  const stats: BatchStats = {
    files: { total: files.length, completed: 0, failed: 0, cancelled: 0 },
    rows: 0,
    verdicts: {},
    reasons: {},
  };
  let crossFile = 0;
  for (const file of files) {
    if (file.status === "completed" || file.status === "failed" || file.status === "cancelled") stats.files[file.status] += 1;
    const summary = fileSummarySchema.safeParse(summaryNetOfCrossFile(file.summary, file.crossFileDuplicates));
    if (!summary.success) continue;
    crossFile += crossFileDuplicatesOf(file.crossFileDuplicates);
    stats.rows += summary.data.rows;
    addCounts(stats.verdicts, summary.data.verdicts);
    addCounts(stats.reasons, summary.data.reasons);
  }
  if (crossFile > 0) stats.crossFileDuplicates = crossFile;
  return stats;
}

/** completed: every file done; failed: none done; partial: some of each. Cancelled wins over all. */
export function batchOutcome(stats: BatchStats, cancelled: boolean): "completed" | "partial" | "failed" | "cancelled" {
  if (cancelled) return "cancelled";
  if (stats.files.completed === stats.files.total) return "completed";
  if (stats.files.completed === 0) return "failed";
  return "partial";
}
