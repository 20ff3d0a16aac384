// A file's corrected list: its cleaned list without risky rows (the batch-wide duplicate
// rule applied, as every download), followed by the rows fixed by hand (in line order),
// each with its address replaced by the fixed one and in the same columns. Risky rows
// join the list by being fixed or marked valid; without them as a base, a risky row the
// batch kept ("keep risky rows") would come out twice: as uploaded and as fixed.
// Streamed: the cleaned list is never held in memory.
import { Readable } from "node:stream";
import { openResultFile } from "../batches/open-result-file";
import { db } from "../db/client";
import { AppError } from "../errors";
import { verificationSummarySchema } from "../verification/verification-summary";
import { createCellFormatters } from "../verification/write-csv";

type FixedRow = { cells: unknown; fixedAddress: string | null };

export async function openCorrectedList(userId: string, batchId: string, fileId: string): Promise<{ stream: Readable; fileName: string }> {
  const file = await db().batchFile.findFirst({
    where: { id: fileId, batchId, batch: { userId } },
    select: { originalName: true, cleanedKey: true, summary: true },
  });
  const summary = verificationSummarySchema.safeParse(file?.summary);
  if (!file?.cleanedKey || !summary.success) {
    throw new AppError("not_found", "No such result file. It may still be processing, or it has expired.");
  }
  const cleaned = await openResultFile(userId, batchId, fileId, "cleaned", { format: "csv", risky: "exclude" });
  const fixed = await db().flaggedRow.findMany({
    where: { fileId, fixedAddress: { not: null } },
    orderBy: [{ line: "asc" }, { part: "asc" }],
    select: { cells: true, fixedAddress: true },
  });
  const { delimiter, column } = summary.data;
  const stream = Readable.from(correctedList(cleaned.stream, fixed, delimiter, column.index));
  return { stream, fileName: `${safeBase(file.originalName)}-corrected.csv` };
}

async function* correctedList(cleaned: Readable, fixed: readonly FixedRow[], delimiter: "," | ";" | "\t", emailIndex: number): AsyncGenerator<Buffer> {
  // The cleaned CSV's own line ending, read from its header line (always written).
  let newline: string | null = null;
  let last = 0x0a;
  for await (const chunk of cleaned) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    if (newline === null) {
      const at = buffer.indexOf(0x0a);
      if (at !== -1) newline = at > 0 && buffer[at - 1] === 0x0d ? "\r\n" : "\n";
    }
    if (buffer.length > 0) last = buffer[buffer.length - 1] ?? last;
    yield buffer;
  }
  const eol = newline ?? "\n";
  if (last !== 0x0a && fixed.length > 0) yield Buffer.from(eol);
  const format = createCellFormatters(delimiter);
  for (const row of fixed) {
    const address = row.fixedAddress ?? "";
    const cells = Array.isArray(row.cells) ? row.cells.map(String) : [];
    cells[emailIndex] = address;
    const line = [...cells.map((cell, i) => (i === 0 ? format.first(cell) : format.next(cell))), format.next(address)].join(delimiter);
    yield Buffer.from(`${line}${eol}`);
  }
}

function safeBase(originalName: string): string {
  return originalName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_").slice(0, 100) || "file";
}
