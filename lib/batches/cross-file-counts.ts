// One batch, one list, in the numbers too: a file's rows that repeat an address of an
// earlier file of its batch are duplicates in the downloads (lib/results/export-results.ts),
// so the counts people see (batch page, API, emails) take them out of valid and risky
// and into duplicate. The worker stores them per file when the batch ends
// (count-cross-file-duplicates.ts); this is how a file's summary reads with them.
import { z } from "zod";

const count = z.number().int().nonnegative();

/** What `BatchFile.crossFileDuplicates` holds: those rows by their verdict in the file alone, and by kind. */
export const crossFileCountsSchema = z.object({ valid: count, risky: count, duplicate: count, alias_duplicate: count });
export type CrossFileCounts = z.infer<typeof crossFileCountsSchema>;

/** The stored counts, or null when they were never counted (one-file batches, batches from before). */
export function crossFileCountsOf(stored: unknown): CrossFileCounts | null {
  const parsed = crossFileCountsSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** How many rows of the file are duplicates of an earlier file's rows. */
export function crossFileDuplicatesOf(stored: unknown): number {
  const counts = crossFileCountsOf(stored);
  return counts === null ? 0 : counts.valid + counts.risky;
}

const summaryCountsSchema = z
  .object({ verdicts: z.record(z.string(), count), reasons: z.record(z.string(), count).optional() })
  .loose();

/**
 * A file's summary as people see it: valid and risky net of its rows an earlier file of
 * the batch had, those counted as duplicates (with their reason, as the report gives it;
 * a risky row's own reasons stay, as they do in the report). Anything else passes as is.
 */
export function summaryNetOfCrossFile(summary: unknown, stored: unknown): unknown {
  const counts = crossFileCountsOf(stored);
  if (counts === null || counts.valid + counts.risky === 0) return summary;
  const parsed = summaryCountsSchema.safeParse(summary);
  if (!parsed.success) return summary;
  const { verdicts, reasons = {} } = parsed.data;
  const less = (have: number | undefined, by: number) => Math.max(0, (have ?? 0) - by);
  const more = (have: number | undefined, by: number) => (have ?? 0) + by;
  return {
    ...parsed.data,
    verdicts: {
      ...verdicts,
      valid: less(verdicts.valid, counts.valid),
      risky: less(verdicts.risky, counts.risky),
      duplicate: more(verdicts.duplicate, counts.valid + counts.risky),
    },
    reasons: {
      ...reasons,
      ...(counts.duplicate > 0 ? { duplicate: more(reasons.duplicate, counts.duplicate) } : {}),
      ...(counts.alias_duplicate > 0 ? { alias_duplicate: more(reasons.alias_duplicate, counts.alias_duplicate) } : {}),
    },
  };
}
