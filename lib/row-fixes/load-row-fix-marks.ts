// The rows of a batch's files fixed by hand, as the report download needs them: looked up
// by the row's line and address-in-cell while the report streams. Bounded: at most
// FLAGGED_ROW_LIMIT (5,000) kept rows a file, so a file's fixes fit in a Map.
import { db } from "../db/client";

/** What the report says about a row fixed by hand. */
export type RowFixMark = { readonly changedByHand: string; readonly fixedEmail: string };
/** A file's fixed rows by `rowFixKey(line, part)`. */
export type RowFixMarks = ReadonlyMap<string, RowFixMark>;

/** The report's words for FlaggedRow.fixedHow. */
export const changedByHandWords: Record<string, string> = { suggestion: "accepted suggestion", edit: "edited", marked_valid: "marked valid" };

export function rowFixKey(line: number, part: number): string {
  return `${line}:${part}`;
}

/** Fixed rows per file id; a file without any is absent. */
export async function loadRowFixMarks(fileIds: readonly string[]): Promise<Map<string, RowFixMarks>> {
  if (fileIds.length === 0) return new Map();
  const rows = await db().flaggedRow.findMany({
    where: { fileId: { in: [...fileIds] }, fixedAddress: { not: null } },
    select: { fileId: true, line: true, part: true, fixedAddress: true, fixedHow: true },
  });
  const byFile = new Map<string, Map<string, RowFixMark>>();
  for (const row of rows) {
    const marks = byFile.get(row.fileId) ?? new Map<string, RowFixMark>();
    byFile.set(row.fileId, marks);
    marks.set(rowFixKey(row.line, row.part), {
      changedByHand: changedByHandWords[row.fixedHow ?? ""] ?? "changed",
      fixedEmail: row.fixedAddress ?? "",
    });
  }
  return byFile;
}
