// Keeps the first invalid and risky rows of a file while the worker processes it, so
// they can be written with the file's result and fixed on the batch page. Bounded: a
// list of a million bad rows is not fixed by hand, and its report CSV has them all.
import type { Tx } from "../db/client";
import type { FlaggedRowOutput } from "../verification/verify-rows";

/**
 * Rows kept per file. Measured on a 6-column export (docs/fixing-rows.md): ~590 bytes
 * of worker heap a row, so ~2.8 MB per file at most, and 0.3–0.9 s to write 5,000
 * rows with the result. More rows than a person fixes by hand; the report has the rest.
 */
export const FLAGGED_ROW_LIMIT = 5_000;
// Rows per INSERT: keeps each statement's JSON parameter to about half a megabyte.
const INSERT_CHUNK = 1_000;

export class FlaggedRowCollector {
  readonly rows: FlaggedRowOutput[] = [];
  /** Flagged rows seen, kept or not. */
  seen = 0;

  constructor(private readonly limit = FLAGGED_ROW_LIMIT) {}

  /** False once full: processContactList then stops copying rows for it (see onFlaggedRow). */
  readonly add = (row: FlaggedRowOutput): boolean => {
    this.seen++;
    if (this.rows.length < this.limit) this.rows.push(row);
    return this.rows.length < this.limit;
  };
}

/**
 * Replaces the file's flagged rows (and the changes made to them) by these, in the
 * caller's transaction. One INSERT reading the rows from one JSON parameter: Prisma's
 * createMany took 6–14 s for 5,000 rows here (a bind parameter per cell), this ~0.2 s.
 */
export async function saveFlaggedRows(tx: Tx, fileId: string, rows: readonly FlaggedRowOutput[]): Promise<void> {
  await tx.flaggedRow.deleteMany({ where: { fileId } });
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = JSON.stringify(rows.slice(start, start + INSERT_CHUNK));
    // A line read twice (it cannot, but a unique key must never fail a whole file) keeps its first row.
    await tx.$executeRaw`
      INSERT INTO "FlaggedRow" ("id", "fileId", "line", "part", "cells", "address", "verdict", "reasons", "detail", "suggestion", "updatedAt")
      SELECT gen_random_uuid()::text, ${fileId}, r.line, r.part, r.cells, r.address, r.verdict,
             ARRAY(SELECT jsonb_array_elements_text(r.reasons)), r.detail, r.suggestion, now()
      FROM jsonb_to_recordset(${chunk}::jsonb)
        AS r(line int, part int, cells jsonb, address text, verdict text, reasons jsonb, detail text, suggestion text)
      ON CONFLICT ("fileId", "line", "part") DO NOTHING`;
  }
}
