// The first rows of an uploaded file, read as processing reads it (encoding, delimiter;
// a workbook's chosen sheet; the list inside a .gz or .zip), so its owner can pick the
// email column of a file where none was found.
import { Readable } from "node:stream";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { storage } from "../storage/storage";
import { isContactListError } from "../verification/contact-list-error";
import { createChunkDecoder } from "../verification/decode-text";
import { detectContainer } from "../verification/detect-container";
import { readXlsxBatches, type SheetChoice } from "../verification/read-xlsx-batches";
import { gunzipList, unzipList } from "../verification/unpack-list";
import { sheetChoiceOf } from "./batch-options";
import { findEmailColumn } from "../verification/find-email-column";
import { CsvRecordParser } from "../verification/parse-csv-records";
import { sniffCsvFormat } from "../verification/sniff-csv-format";
import { sniffEncoding } from "../verification/sniff-encoding";

const HEAD_BYTES = 64 * 1024;
// Rows after the header that column detection looks at (as in processing's sample).
const SAMPLE_ROWS = 100;
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
  const file = await db().batchFile.findFirst({
    where: { id: fileId, batchId, batch: { userId } },
    select: { storageKey: true, batch: { select: { options: true } } },
  });
  if (!file || !(await storage().exists(file.storageKey))) throw new AppError("not_found", "No such file, or it has expired.");
  return previewStoredFile(storage().get(file.storageKey), sheetChoiceOf(file.batch.options));
}

/**
 * The preview of a stored upload as processing would read it: text from its first 64 KB,
 * a workbook's chosen sheet (read until its first rows; a workbook saved by Excel keeps
 * its texts after the sheet, so that can mean the whole file), or the list packed in a
 * .gz or .zip. Exported for tests.
 */
export async function previewStoredFile(input: Readable, sheet: SheetChoice): Promise<FilePreview> {
  const source = input[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  try {
    const { head, ended } = await readHead(source);
    const container = detectContainer(head);
    if (container === "text") return previewRows({ head, ended });
    // Packed: the head again, then the rest, through the same readers processing uses.
    const packed = Readable.from(replay(head, ended, source));
    const maxBytes = env().UPLOAD_MAX_FILE_BYTES;
    try {
      if (container === "xlsx") return previewRecords(await firstRecords(readXlsxBatches(packed, { sheet, maxTextBytes: maxBytes })));
      const unpacked = container === "gzip" ? gunzipList(packed, maxBytes) : unzipList(packed, maxBytes);
      try {
        return previewRows(await readHead(unpacked.stream[Symbol.asyncIterator]() as AsyncIterator<unknown>));
      } finally {
        unpacked.stream.destroy();
      }
    } finally {
      packed.destroy();
    }
  } finally {
    input.destroy();
  }
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
  return previewRecords(parsed);
}

// Enough non-blank rows of a workbook's sheet for the header, the column sample and the preview.
async function firstRecords(batches: AsyncGenerator<{ readonly rows: readonly (readonly string[])[] }>): Promise<(readonly string[])[]> {
  const records: (readonly string[])[] = [];
  try {
    for await (const batch of batches) {
      records.push(...batch.rows.filter((row) => row.some((cell) => cell !== "")));
      if (records.length > SAMPLE_ROWS) break;
    }
  } finally {
    await batches.return(undefined).catch(() => {});
  }
  return records;
}

// The header, the columns to choose from and the first rows, from a file's first records.
function previewRecords(parsed: readonly (readonly string[])[]): FilePreview {
  const first = parsed[0] ?? [];
  let columns: readonly string[];
  let hasHeader: boolean;
  try {
    ({ headerCells: columns, hasHeader } = findEmailColumn([...first], parsed.slice(1, SAMPLE_ROWS + 1).map((row) => [...row])));
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

// Reads up to 64 KB through the iterator without ending it: a packed file goes on from there.
async function readHead(source: AsyncIterator<unknown>): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < HEAD_BYTES) {
    const next = await source.next();
    if (next.done === true) return { head: Buffer.concat(chunks), ended: true };
    const buffer = toBuffer(next.value);
    chunks.push(buffer);
    length += buffer.length;
  }
  return { head: Buffer.concat(chunks), ended: false };
}

async function* replay(head: Buffer, ended: boolean, source: AsyncIterator<unknown>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (ended) return;
  for (;;) {
    const next = await source.next();
    if (next.done === true) return;
    yield toBuffer(next.value);
  }
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}
