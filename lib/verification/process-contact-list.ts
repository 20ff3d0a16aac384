// Verify an uploaded contact list end to end, streaming: sniff the encoding and CSV
// format from the first 64 KB, find the email column, then judge every row and write a
// cleaned CSV and a report CSV. A list packed as .gz or in a .zip is unpacked on the way;
// an Excel workbook's sheet gives its rows directly (read-xlsx-batches.ts). Memory stays flat with file size except for duplicate
// detection, which keeps ~8 bytes a slot per distinct address (see track-duplicates.ts).
import { Readable, type Writable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type CheckDomain, DomainChecker } from "./check-domains";
import { ContactListError } from "./contact-list-error";
import { createChunkDecoder, type ChunkDecoder } from "./decode-text";
import { detectContainer } from "./detect-container";
import { type EmailColumn, findEmailColumn } from "./find-email-column";
import { type CsvBatch, readCsvBatches } from "./read-csv-batches";
import { raceAbort } from "./race-abort";
// Types only: the workbook and zip readers load exceljs and unzipper (≈ 20 MB of memory
// once loaded), so they are imported when a packed file comes, not for every CSV.
import type { ParkedSheet, SheetChoice, XlsxSheet } from "./read-xlsx-batches";
import { type CsvFormat, sniffCsvFormat } from "./sniff-csv-format";
import { assertLooksLikeText, sniffEncoding } from "./sniff-encoding";
import type { UnpackedList } from "./unpack-list";
import type { VerificationSummary } from "./verification-summary";
import { type FlaggedRowOutput, RowVerifier } from "./verify-rows";
import { MailboxChecker, type MailboxCheckSettings } from "./smtp/check-mailboxes";
import { WorkbookProgress } from "./workbook-progress";
import { CsvOutput } from "./write-csv";

export type VerificationProgress = {
  /** Data rows verified so far. */
  readonly rows: number;
  /** Bytes of the input read so far; with the file size this gives a percentage. */
  readonly bytes: number;
};

export type ProcessContactListOptions = {
  /** Receives the valid rows: original columns plus normalized_email. Ended on success. */
  readonly cleaned: Writable;
  /** Receives every row with its verdict, reason, suggestion and line. Ended on success. */
  readonly report: Writable;
  /** The email column's header (any case and spacing), or column_N for a file without a header. */
  readonly emailColumn?: string;
  /** Also put risky rows (role, disposable, possible typo) in the cleaned CSV. Default false. */
  readonly includeRiskyInCleaned?: boolean;
  /** Stops processing promptly; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called at most about four times a second, and once at the end. */
  readonly onProgress?: (progress: VerificationProgress) => void;
  /** Network check per distinct domain (MX lookup). None by default. */
  readonly checkDomain?: CheckDomain;
  /** Domains checked at the same time when `checkDomain` is set. Default 8. */
  readonly domainCheckConcurrency?: number;
  /** Ask each domain's mail server about each address (RCPT TO, never a message). Off when absent. */
  readonly mailboxCheck?: MailboxCheckSettings;
  /**
   * The input's size in bytes, when known (storage knows it). Lets duplicate detection
   * size its table for the whole file up front, which is faster on large files.
   */
  readonly sizeHint?: number;
  /**
   * Called for each invalid or risky row, so it can be offered for fixing in the app.
   * Returning false stops the calls (the report has every row): each call copies its row.
   */
  readonly onFlaggedRow?: (row: FlaggedRowOutput) => boolean | void;
  /** For a workbook (.xlsx): the sheet to read. Default: the first visible one. */
  readonly sheet?: SheetChoice;
  /**
   * Most bytes a packed list (.gz, .zip) may unpack to, and most text a workbook's sheet
   * may hold: the size a file may have when uploaded as it is. Default: no limit.
   */
  readonly maxUnpackedBytes?: number;
};

// A workbook's rows are written back like a CSV's: commas and CRLF, as Excel exports them.
const WORKBOOK_FORMAT: CsvFormat = { delimiter: ",", newline: "\r\n" };

const HEAD_BYTES = 64 * 1024;
// Rows sampled to find the email column when the header does not name it.
const SAMPLE_ROWS = 100;
const PROGRESS_INTERVAL_MS = 250;
// An in-memory source never waits on I/O, so without a pause now and then timers
// (an abort on a deadline, heartbeats) would not run until the whole file is done.
const YIELD_INTERVAL_MS = 20;

/**
 * Verify the contact list read from `input` and write the cleaned and report CSVs.
 * Rejects with ContactListError when the file cannot be processed at all (not text,
 * empty, no email column); row problems never reject. On failure or abort the outputs
 * are neither ended nor destroyed: the caller owns them and discards what was written.
 */
export async function processContactList(input: Readable, options: ProcessContactListOptions): Promise<VerificationSummary> {
  const { signal } = options;
  signal?.throwIfAborted();
  const source = input[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const progress = { rows: 0, bytes: 0 };
  const outputs = { cleaned: new CsvOutput(options.cleaned, signal), report: new CsvOutput(options.report, signal) };
  const cleanups: (() => unknown)[] = [];
  try {
    const { head, ended } = await readHead(source, progress, signal);
    const container = detectContainer(head);
    if (container === "text") return await verifyText({ head, ended, source, countBytes: true }, options, outputs, progress, cleanups);

    // Packed: progress counts the bytes of the file as stored, which is what its size says.
    const packed = Readable.from(replay(head, ended, source, progress));
    cleanups.push(() => packed.destroy());
    const max = options.maxUnpackedBytes ?? Number.POSITIVE_INFINITY;
    if (container === "xlsx") {
      const { readXlsxBatches } = await import("./read-xlsx-batches");
      let sheet: XlsxSheet | null = null;
      // The bar follows the workbook's passes; the summary keeps the stored bytes.
      const bar = new WorkbookProgress(progress);
      const onSheet = (chosen: XlsxSheet, parked: ParkedSheet | null) => {
        sheet = chosen;
        bar.sheetFound(parked);
      };
      const batches = readXlsxBatches(packed, { sheet: options.sheet, maxTextBytes: max, signal, onSheet });
      cleanups.push(() => batches.return(undefined).catch(() => {}));
      const verified = await verifyBatches(batches, options, WORKBOOK_FORMAT, outputs, bar, 0, false);
      const read = sheet as XlsxSheet | null;
      return { ...verified, encoding: "utf-8", bom: false, delimiter: ",", bytes: progress.bytes, input: { format: "xlsx", sheet: read?.name ?? null } };
    }
    const { gunzipList, unzipList } = await import("./unpack-list");
    const unpacked: UnpackedList = container === "gzip" ? gunzipList(packed, max) : unzipList(packed, max);
    cleanups.push(() => unpacked.stream.destroy());
    const inner = unpacked.stream[Symbol.asyncIterator]() as AsyncIterator<unknown>;
    const innerHead = await readHead(inner, { bytes: 0 }, signal);
    const summary = await verifyText({ ...innerHead, source: inner, countBytes: false }, options, outputs, progress, cleanups);
    return { ...summary, bytes: progress.bytes, input: { format: container, entry: unpacked.entry() } };
  } finally {
    outputs.cleaned.release();
    outputs.report.release();
    // Ends the input when processing stopped early (a no-op after it was read to the end).
    // The generators' return() is not awaited: behind a read that is stuck (a stream made
    // from a stalled async generator ignores destroy until that read ends) it would wait forever.
    input.destroy();
    for (const cleanup of cleanups) cleanup();
    source.return?.()?.catch(() => {});
  }
}

type Outputs = { cleaned: CsvOutput; report: CsvOutput };
type TextSource = { head: Buffer; ended: boolean; source: AsyncIterator<unknown>; countBytes: boolean };

// A list as text: sniff its encoding and CSV format from the head, then parse and verify it.
async function verifyText(
  { head, ended, source, countBytes }: TextSource,
  options: ProcessContactListOptions,
  outputs: Outputs,
  progress: { rows: number; bytes: number },
  cleanups: (() => unknown)[],
): Promise<VerificationSummary> {
  const sniff = sniffEncoding(head);
  const decoder = createChunkDecoder(sniff);
  const headText = decoder.decode(head) + (ended ? decoder.flush() : "");
  if (ended && headText.trim() === "") throw new ContactListError("empty_file", "The file is empty.");
  assertLooksLikeText(headText);
  const format = sniffCsvFormat(headText, ended);
  const text = streamText(headText, ended, source, decoder, countBytes ? progress : { bytes: 0 });
  cleanups.push(() => text.return(undefined).catch(() => {}));
  const batches = readCsvBatches(text, format, options.signal);
  cleanups.push(() => batches.return(undefined).catch(() => {}));
  const expectedRows = countBytes ? estimateRows(head, ended, options.sizeHint) : 0;
  const verified = await verifyBatches(batches, options, format, outputs, progress, expectedRows, sniff.bomLength > 0);
  return { ...verified, encoding: decoder.encoding, bom: sniff.bomLength > 0, delimiter: format.delimiter, bytes: progress.bytes };
}

type VerifiedRows = Omit<VerificationSummary, "encoding" | "bom" | "delimiter" | "bytes" | "input">;

// Finds the email column, verifies every row of `batches` and ends the outputs.
async function verifyBatches(
  batches: AsyncGenerator<CsvBatch>,
  options: ProcessContactListOptions,
  format: CsvFormat,
  outputs: Outputs,
  progress: { rows: number; readonly bytes: number },
  expectedRows: number,
  bom: boolean,
): Promise<VerifiedRows> {
  const { signal } = options;
  const { column, verifier, pending, mailboxChecker } = await startVerifying(batches, options, format, outputs, expectedRows);
  verifier.writeHeaders(bom);
  const reportProgress = throttle(options.onProgress);
  // With SMTP checks on, a piece is written up to 16 pieces after it is read: progress gives
  // the bytes read up to the last piece written, so the bar does not run ahead of the rows.
  const bytesAtPiece: number[] = [];
  let piecesShown = 0;
  let bytesShown = 0;
  const reportWritten = () => {
    for (; piecesShown < verifier.piecesWritten; piecesShown++) bytesShown = bytesAtPiece.shift() ?? bytesShown;
    reportProgress({ rows: verifier.rowCount, bytes: bytesShown });
  };
  let lastTurn = performance.now();
  const verify = async ({ batch, start }: PendingBatch) => {
    signal?.throwIfAborted();
    bytesAtPiece.push(progress.bytes);
    await verifier.verifyBatch(batch, start);
    progress.rows = verifier.rowCount;
    reportWritten();
    if (performance.now() - lastTurn > YIELD_INTERVAL_MS) {
      await nextTurn();
      lastTurn = performance.now();
    }
  };
  try {
    for (const entry of pending) await verify(entry);
    for await (const batch of batches) await verify({ batch, start: 0 });
    // With SMTP checks on, the last pieces' rows wait for their answers.
    await verifier.finish(reportWritten);
  } finally {
    // A failure part-way leaves later pieces still asking mail servers (see RowVerifier.verifyBatch): they stop too.
    mailboxChecker?.stop();
  }
  signal?.throwIfAborted();
  await Promise.all([outputs.cleaned.end(), outputs.report.end()]);
  progress.rows = verifier.rowCount;
  options.onProgress?.({ rows: progress.rows, bytes: progress.bytes });
  const mailboxes = verifier.mailboxCounts();
  return {
    ...verifier.counts(),
    ...(mailboxes === null ? {} : { mailboxes }),
    ...verifier.topDomains(),
    column: { index: column.index, name: column.name, detectedBy: column.detectedBy },
    hasHeader: column.hasHeader,
    columns: column.headerCells.length,
  };
}

// The head again, then the rest of the source, counting the bytes the head did not.
async function* replay(head: Buffer, ended: boolean, source: AsyncIterator<unknown>, progress: { bytes: number }): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (ended) return;
  for (;;) {
    const next = await source.next();
    if (next.done === true) return;
    const chunk = toBuffer(next.value);
    progress.bytes += chunk.length;
    yield chunk;
  }
}

type PendingBatch = { readonly batch: CsvBatch; readonly start: number };

// Reads batches until the header and a sample of rows are in, finds the email column,
// and returns the verifier plus the batches already read, with where their data starts.
async function startVerifying(
  batches: AsyncGenerator<CsvBatch>,
  options: ProcessContactListOptions,
  format: CsvFormat,
  outputs: Outputs,
  expectedRows: number,
): Promise<{ column: EmailColumn; verifier: RowVerifier; pending: PendingBatch[]; mailboxChecker: MailboxChecker | null }> {
  const read: CsvBatch[] = [];
  let header: { batch: number; row: number } | null = null;
  const sample: string[][] = [];
  while (sample.length < SAMPLE_ROWS) {
    const next = await batches.next();
    if (next.done === true) break;
    read.push(next.value);
    const rows = next.value.rows;
    for (let i = 0; i < rows.length && sample.length < SAMPLE_ROWS; i++) {
      const row = rows[i] ?? [];
      if (row.every((value) => value === "")) continue;
      if (header === null) header = { batch: read.length - 1, row: i };
      else sample.push(row);
    }
  }
  if (header === null) throw new ContactListError("empty_file", "The file has no rows.");
  const headerRow = read[header.batch]?.rows[header.row] ?? [];
  const column = findEmailColumn(headerRow, sample, options.emailColumn);

  const checker = options.checkDomain === undefined ? null : new DomainChecker(options.checkDomain, options.domainCheckConcurrency ?? 8, options.signal);
  const mailboxChecker = options.mailboxCheck === undefined ? null : new MailboxChecker(options.mailboxCheck, options.signal);
  const verifier = new RowVerifier({
    column,
    format,
    ...outputs,
    includeRiskyInCleaned: options.includeRiskyInCleaned ?? false,
    domainChecker: checker,
    mailboxChecker,
    expectedRows,
    onFlaggedRow: options.onFlaggedRow,
  });
  // Rows before the first non-blank one are blank; a header row is not data.
  const first = header;
  const pending = read.flatMap((batch, index): PendingBatch[] => {
    if (index < first.batch) return [];
    if (index > first.batch) return [{ batch, start: 0 }];
    return [{ batch, start: column.hasHeader ? first.row + 1 : first.row }];
  });
  return { column, verifier, pending, mailboxChecker };
}

// Rows in the file from its size and the bytes per line in its first 64 KB, with 10%
// to spare. Only a sizing hint: a wrong guess costs speed or memory, not correctness.
function estimateRows(head: Buffer, ended: boolean, sizeHint: number | undefined): number {
  if (ended || sizeHint === undefined || !(sizeHint > 0)) return 0;
  let lines = 0;
  for (let at = head.indexOf(0x0a); at !== -1; at = head.indexOf(0x0a, at + 1)) lines++;
  return lines === 0 ? 0 : Math.ceil((sizeHint / (head.length / lines)) * 1.1);
}

async function readHead(
  source: AsyncIterator<unknown>,
  progress: { bytes: number },
  signal: AbortSignal | undefined,
): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < HEAD_BYTES) {
    const next = await raceAbort(source.next(), signal);
    if (next.done === true) return { head: Buffer.concat(chunks), ended: true };
    const chunk = toBuffer(next.value);
    chunks.push(chunk);
    length += chunk.length;
    progress.bytes += chunk.length;
  }
  return { head: Buffer.concat(chunks), ended: false };
}

async function* streamText(
  headText: string,
  ended: boolean,
  source: AsyncIterator<unknown>,
  decoder: ChunkDecoder,
  progress: { bytes: number },
): AsyncGenerator<string> {
  if (headText !== "") yield headText;
  if (ended) return;
  for (;;) {
    const next = await source.next();
    if (next.done === true) break;
    const chunk = toBuffer(next.value);
    progress.bytes += chunk.length;
    const decoded = decoder.decode(chunk);
    if (decoded !== "") yield decoded;
  }
  const rest = decoder.flush();
  if (rest !== "") yield rest;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  throw new TypeError("processContactList expects a byte stream (Buffer or string chunks).");
}

function throttle(onProgress: ProcessContactListOptions["onProgress"]): (progress: VerificationProgress) => void {
  let last = performance.now();
  return (progress) => {
    if (onProgress === undefined) return;
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    // Copied field by field: a workbook's bytes are a getter (workbook-progress.ts).
    onProgress({ rows: progress.rows, bytes: progress.bytes });
  };
}
