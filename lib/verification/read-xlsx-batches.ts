// The rows of one sheet of an Excel workbook (.xlsx), streamed in batches shaped like
// the CSV reader's, so finding the column, judging, the report and the cleaned file
// work the same for both. exceljs' streaming reader reads the zip as it arrives; what
// it holds in memory is the workbook's shared-strings table (every distinct text of
// the workbook, kept so cells can point into it; ours, compact and capped, see
// shared-string-table.ts) plus one batch of rows. Excel saves the shared strings after
// the sheets, so exceljs parks each sheet in a temporary file until they have been read.
// BENCHMARKS.md has the measured cost.
import { ReadStream, statSync } from "node:fs";
import { unlink } from "node:fs/promises";
import type { Readable } from "node:stream";
import ExcelJS, { type CellValue } from "exceljs";
import { cellText } from "./cell-text";
import { SharedStringTable } from "./shared-string-table";
import { ContactListError } from "./contact-list-error";
import type { CsvBatch } from "./read-csv-batches";

/** A sheet by name (any case) or by 1-based position; undefined means the first visible sheet. */
export type SheetChoice = string | number | undefined;

export type XlsxSheet = { readonly name: string; readonly position: number };

/** A sheet exceljs parked in a temporary file, read once the rest of the zip was: how far in it is. */
export type ParkedSheet = { readonly size: number; readonly bytesRead: () => number };

export type ReadXlsxOptions = {
  readonly sheet?: SheetChoice;
  /** Most text the sheet may hold, counted as the CSV of it would be; over it the file fails. */
  readonly maxTextBytes?: number;
  readonly signal?: AbortSignal;
  /** Told which sheet is read, before its first rows, and whether it comes from a parked file. */
  readonly onSheet?: (sheet: XlsxSheet, parked: ParkedSheet | null) => void;
};

const BATCH_ROWS = 1000;

type SheetEntry = { name: string; state?: string };
type StreamingWorksheet = AsyncIterable<ExcelJS.Row> & { name?: string };

/**
 * Yields the chosen sheet's rows in batches. Rows shorter than the first non-blank one
 * (the header, usually) are padded with empty cells: spreadsheets leave trailing empty
 * cells out where a CSV writes them, so a short row is not a problem here.
 */
export async function* readXlsxBatches(input: Readable, options: ReadXlsxOptions = {}): AsyncGenerator<CsvBatch> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    // Handed to us one by one, into a compact table, rather than kept as a JavaScript
    // string each ("cache"): half the memory, and a size we can cap.
    sharedStrings: "emit",
    // Styles tell a date from a number. Hyperlink targets come after the cells in the
    // sheet, too late for a stream: a link's text is what the cell holds.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const internals = reader as unknown as WorkbookInternals;
  const strings = new SharedStringTable();
  const max = options.maxTextBytes ?? Number.POSITIVE_INFINITY;
  let chosen: XlsxSheet | null = null;
  let sawEntry = false;
  try {
    for await (const event of { [Symbol.asyncIterator]: () => internals.parse() }) {
      sawEntry = true;
      if (!("eventType" in event)) {
        strings.push(sharedText(event.text));
        if (strings.size > max) throw tooLarge(max);
        // Sheets read from here on look their strings up in the table. Only from here:
        // exceljs parks a sheet that comes before the strings exactly when this is unset.
        internals.sharedStrings ??= strings.asIndexable();
        continue;
      }
      if (event.eventType !== "worksheet" || chosen !== null) continue;
      const worksheet = event.value;
      const target = pickSheet(internals.model?.sheets ?? [], options.sheet);
      if (target === null || worksheet.name !== target.name) {
        closeParkedSheet(worksheet, { remove: false });
        continue;
      }
      chosen = target;
      options.onSheet?.(target, parkedSheet(worksheet));
      let finished = false;
      try {
        yield* sheetBatches(worksheet, options);
        finished = true;
      } finally {
        if (!finished) closeParkedSheet(worksheet, { remove: true });
      }
    }
  } catch (error) {
    if (error instanceof ContactListError || options.signal?.aborted) throw error;
    throw unreadable(error);
  }
  if (chosen !== null) return;
  const names = (internals.model?.sheets ?? []).map((sheet) => sheet.name);
  if (!sawEntry && names.length === 0) throw unreadable(null);
  throw sheetNotFound(options.sheet, names);
}

// What the streaming reader gives besides its typed API: the workbook's sheet list, the
// table its sheets read strings from, and its event stream, where "emit" hands out each
// shared string as { index, text } (the other events carry an eventType).
type WorkbookInternals = {
  model?: { sheets?: SheetEntry[] };
  sharedStrings?: Readonly<Record<number, string | undefined>>;
  parse(): AsyncIterator<{ index: number; text: unknown } | { eventType: string; value: StreamingWorksheet }>;
};

// A sheet exceljs parked in a temporary file is read from an fs.ReadStream, which it
// deletes only once the sheet was read to the end. Another sheet is skipped unread, and
// a file that fails early (no email column) stops reading: close the stream (an open
// descriptor otherwise) and, in the second case, delete the file, which would otherwise
// stay in the temp folder until the worker exits.
function closeParkedSheet(worksheet: StreamingWorksheet, { remove }: { remove: boolean }): void {
  const source = (worksheet as { iterator?: unknown }).iterator;
  if (!(source instanceof ReadStream)) return;
  source.destroy();
  if (remove) unlink(String(source.path)).catch(() => {});
}

function parkedSheet(worksheet: StreamingWorksheet): ParkedSheet | null {
  const source = (worksheet as { iterator?: unknown }).iterator;
  if (!(source instanceof ReadStream)) return null;
  // Written to the end before exceljs opens it for reading.
  return { size: statSync(String(source.path)).size, bytesRead: () => source.bytesRead };
}

function sharedText(text: unknown): string {
  if (typeof text === "string") return text;
  if (text !== null && typeof text === "object" && "richText" in text) return cellText(text as CellValue);
  return "";
}

async function* sheetBatches(worksheet: StreamingWorksheet, options: ReadXlsxOptions): AsyncGenerator<CsvBatch> {
  let rows: string[][] = [];
  let lines: number[] = [];
  let width = -1;
  let textBytes = 0;
  const max = options.maxTextBytes ?? Number.POSITIVE_INFINITY;
  for await (const row of worksheet) {
    const values = row.values as CellValue[];
    const cells: string[] = [];
    // values[0] is always empty: exceljs numbers cells from 1, and a missing cell is a hole.
    for (let index = 1; index < values.length; index++) {
      const text = cellText(values[index]);
      cells.push(text);
      textBytes += text.length + 1;
    }
    if (textBytes > max) throw tooLarge(max);
    if (width === -1 && cells.some((cell) => cell !== "")) width = cells.length;
    while (cells.length < width) cells.push("");
    rows.push(cells);
    lines.push(row.number);
    if (rows.length >= BATCH_ROWS) {
      options.signal?.throwIfAborted();
      yield { rows, raws: rows.map(() => null), lines, issues: null };
      rows = [];
      lines = [];
    }
  }
  if (rows.length > 0) yield { rows, raws: rows.map(() => null), lines, issues: null };
}

/** The sheet a choice names, or null when there is none. Names match in any case; a number, or a name of digits that no sheet has, is a position. */
export function pickSheet(sheets: readonly SheetEntry[], choice: SheetChoice): XlsxSheet | null {
  const at = (index: number) => {
    const sheet = sheets[index];
    return sheet === undefined ? null : { name: sheet.name, position: index + 1 };
  };
  if (choice === undefined) {
    const visible = sheets.findIndex((sheet) => sheet.state === undefined || sheet.state === "visible");
    return at(visible === -1 ? 0 : visible);
  }
  if (typeof choice === "number") return at(choice - 1);
  const wanted = choice.trim().toLowerCase();
  const named = sheets.findIndex((sheet) => sheet.name.trim().toLowerCase() === wanted);
  if (named !== -1) return at(named);
  return /^\d+$/.test(wanted) ? at(Number(wanted) - 1) : null;
}

function sheetNotFound(choice: SheetChoice, names: string[]): ContactListError {
  const asked = typeof choice === "number" ? `sheet ${choice}` : `sheet named "${String(choice ?? "")}"`;
  const list = names.length === 0 ? "no sheets at all" : `${names.length === 1 ? "one sheet" : `${names.length} sheets`}: ${names.map((name) => `"${name}"`).join(", ")}`;
  return new ContactListError("sheet_not_found", `The workbook has no ${asked}; it has ${list}. Upload it again and pick one of them.`, {
    sheet: choice ?? null,
    sheets: names,
  });
}

function tooLarge(max: number): ContactListError {
  const megabytes = Math.round((max / 1024 / 1024) * 10) / 10;
  return new ContactListError(
    "unpacked_too_large",
    `The sheet holds more than ${megabytes} MB of text, the most a file may hold: split it into smaller lists.`,
    { maxBytes: max },
  );
}

function unreadable(cause: unknown): ContactListError {
  const error = new ContactListError(
    "unreadable_file",
    "This file could not be read as an Excel workbook (.xlsx): it may be damaged, password-protected or another kind of file. " +
      "Save it again from your spreadsheet, as .xlsx or CSV.",
  );
  error.cause = cause;
  return error;
}
