// The first rows of an uploaded file, read as processing reads it (encoding, delimiter),
// so its owner can pick the email column of a file where none was found.
import type { Readable } from "node:stream";
import { db } from "../db/client";
import { AppError } from "../errors";
import { storage } from "../storage/storage";
import { isContactListError } from "../verification/contact-list-error";
import { createChunkDecoder } from "../verification/decode-text";
import { findEmailColumn } from "../verification/find-email-column";
import { CsvRecordParser } from "../verification/parse-csv-records";
import { sniffCsvFormat } from "../verification/sniff-csv-format";
import { sniffEncoding } from "../verification/sniff-encoding";

const HEAD_BYTES = 64 * 1024;
export const PREVIEW_ROWS = 5;
// A preview cell longer than this is cut: the table is for recognising a column.
const MAX_CELL_CHARS = 80;

export type FilePreview = {
  /** What each column is called when choosing it: the header's cells, or column_N for a file without a header. */
  readonly columns: readonly string[];
  readonly hasHeader: boolean;
  /** The first rows after the header, cut to the columns' width. */
  readonly rows: readonly (readonly string[])[];
};

/** The preview of one file of this person's batch; not_found for anyone else's. */
export async function previewFileRows(userId: string, batchId: string, fileId: string): Promise<FilePreview> {
  const file = await db().batchFile.findFirst({ where: { id: fileId, batchId, batch: { userId } }, select: { storageKey: true } });
  if (!file || !(await storage().exists(file.storageKey))) throw new AppError("not_found", "No such file, or it has expired.");
  return previewRows(await readHead(storage().get(file.storageKey)));
}

/** Reads the first rows of a file's first 64 KB. Pure apart from its input; exported for tests. */
export function previewRows({ head, ended }: { head: Buffer; ended: boolean }): FilePreview {
  const sniff = sniffEncoding(head);
  const decoder = createChunkDecoder(sniff);
  const text = decoder.decode(head) + (ended ? decoder.flush() : "");
  const format = sniffCsvFormat(text, ended);
  const parser = new CsvRecordParser(format, HEAD_BYTES * 4);
  const parsed = parser.push(text).rows.filter((row) => row.some((cell) => cell !== ""));
  // The last record of a cut head may itself be cut: only a whole file's last row is whole.
  if (ended) parsed.push(...parser.end().rows.filter((row) => row.some((cell) => cell !== "")));
  const first = parsed[0] ?? [];
  let columns: readonly string[];
  let hasHeader: boolean;
  try {
    ({ headerCells: columns, hasHeader } = findEmailColumn(first, parsed.slice(1, 101)));
  } catch (error) {
    if (!isContactListError(error)) throw error;
    const names = error.details?.columns;
    columns = Array.isArray(names) ? names.map(String) : first.map((_, i) => `column_${i + 1}`);
    hasHeader = columns.length > 0 && columns[0] !== "column_1";
  }
  // Without a header, a column is chosen by its place (column_N), never by a name guessed for it.
  if (!hasHeader) columns = first.map((_, i) => `column_${i + 1}`);
  const width = columns.length;
  const rows = parsed.slice(hasHeader ? 1 : 0, (hasHeader ? 1 : 0) + PREVIEW_ROWS).map((row) =>
    Array.from({ length: width }, (_, c) => cut(row[c] ?? "")),
  );
  return { columns: [...columns], hasHeader, rows };
}

function cut(value: string): string {
  return value.length > MAX_CELL_CHARS ? `${value.slice(0, MAX_CELL_CHARS - 1)}…` : value;
}

async function readHead(input: Readable): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of input) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      length += buffer.length;
      if (length >= HEAD_BYTES) return { head: Buffer.concat(chunks).subarray(0, HEAD_BYTES), ended: false };
    }
    return { head: Buffer.concat(chunks), ended: true };
  } finally {
    input.destroy();
  }
}
