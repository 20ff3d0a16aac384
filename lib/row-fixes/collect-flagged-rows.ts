// Keeps the first invalid and risky rows of a file while the worker processes it, so
// they can be written with the file's result and fixed on the batch page. Bounded: a
// list of a million bad rows is not fixed by hand, and its report CSV has them all.
import type { Tx } from "../db/client";
import type { FlaggedRowOutput } from "../verification/verify-rows";

/**
 * Rows kept per file. Measured (lib/row-fixes/__tests__/flagged-row-memory.test.ts
 * prints it): ~0.5 KB of heap a row with 6 short columns, so ~2.5 MB per file at
 * most, and one createMany of 5,000 rows takes well under a second.
 */
export const FLAGGED_ROW_LIMIT = 5_000;
// Rows per INSERT: PostgreSQL allows 65,535 parameters a statement, a row takes 14.
const INSERT_CHUNK = 1_000;

export class FlaggedRowCollector {
  readonly rows: FlaggedRowOutput[] = [];
  /** Flagged rows seen, kept or not. */
  seen = 0;

  constructor(private readonly limit = FLAGGED_ROW_LIMIT) {}

  readonly add = (row: FlaggedRowOutput): void => {
    this.seen++;
    if (this.rows.length < this.limit) this.rows.push(row);
  };
}

/** Replaces the file's flagged rows (and the changes made to them) by these, in the caller's transaction. */
export async function saveFlaggedRows(tx: Tx, fileId: string, rows: readonly FlaggedRowOutput[]): Promise<void> {
  await tx.flaggedRow.deleteMany({ where: { fileId } });
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await tx.flaggedRow.createMany({
      data: rows.slice(start, start + INSERT_CHUNK).map((row) => ({
        fileId,
        line: row.line,
        part: row.part,
        cells: [...row.cells],
        address: row.address,
        verdict: row.verdict,
        reasons: [...row.reasons],
        detail: row.detail,
        suggestion: row.suggestion,
      })),
      // A line read twice (it cannot, but a unique key must never fail a whole file) keeps its first row.
      skipDuplicates: true,
    });
  }
}
