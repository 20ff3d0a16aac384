// The record of what was changed by hand in a batch, as a CSV: which row (file, line),
// what it said before, what it says now, how, by whom and when.
import { Readable } from "node:stream";
import { db } from "../db/client";
import { AppError } from "../errors";
import { createCellFormatters } from "../verification/write-csv";

const COLUMNS = ["file", "line", "address_in_cell", "before", "after", "change", "changed_by", "changed_at"];
const changeWords: Record<string, string> = { accept_suggestion: "accepted suggestion", edit: "edited", mark_valid: "marked valid" };

export async function openRowChanges(userId: string, batchId: string): Promise<{ stream: Readable; fileName: string }> {
  const batch = await db().batch.findFirst({ where: { id: batchId, userId }, select: { id: true } });
  if (!batch) throw new AppError("not_found", "No batch with that id.");
  const changes = await db().rowChange.findMany({
    where: { row: { file: { batchId } } },
    orderBy: [{ row: { file: { position: "asc" } } }, { row: { line: "asc" } }, { createdAt: "asc" }],
    include: { row: { select: { line: true, part: true, file: { select: { originalName: true } } } } },
  });
  const people = await db().user.findMany({ where: { id: { in: [...new Set(changes.map((change) => change.userId))] } }, select: { id: true, email: true } });
  const emailOf = new Map(people.map((person) => [person.id, person.email]));
  const { first, next } = createCellFormatters(",");
  const lines = [COLUMNS.join(",")];
  for (const change of changes) {
    const cells = [
      change.row.file.originalName,
      String(change.row.line),
      String(change.row.part),
      change.before,
      change.after,
      changeWords[change.action] ?? change.action,
      emailOf.get(change.userId) ?? "(deleted account)",
      change.createdAt.toISOString(),
    ];
    lines.push(cells.map((cell, i) => (i === 0 ? first(cell) : next(cell))).join(","));
  }
  return { stream: Readable.from([Buffer.from(`${lines.join("\r\n")}\r\n`)]), fileName: `batch-${batchId}-changes.csv` };
}
