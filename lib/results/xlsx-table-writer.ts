// Result rows as an Excel workbook, written as a stream (exceljs' WorkbookWriter): rows
// go out as they come, no shared-string table is kept, so memory stays bounded whatever
// the number of rows. Every cell is text, so nothing in it runs or changes type: a phone
// number or a leading zero stays as written.
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { waitForDrain } from "../streams/wait-for-drain";
import { isSignedNumber } from "../verification/neutralise-formulas";
import type { TableWriter } from "./table-writer";

// How much sheet XML may wait for the zip writer before rows wait.
const MAX_PENDING_BYTES = 1024 * 1024;
// Excel's limits: rows per sheet (the header is one of them) and characters per cell.
export const XLSX_MAX_ROWS = 1_048_576;
const MAX_CELL_CHARS = 32_767;
const WORKBOOK_CLOSED = "The download was closed before the workbook was written.";

export class XlsxTableWriter implements TableWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | null = null;
  private header: readonly string[] | null = null;
  private rowsInSheet = 0;
  private sheets = 0;

  constructor(
    private readonly stream: Writable,
    private readonly sheetName: string,
    /** Rows per sheet before the next one starts (Excel's limit; smaller in tests). */
    private readonly maxRows = XLSX_MAX_ROWS,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  }

  writeRow(cells: readonly string[]): void {
    if (this.header === null) {
      this.header = [...cells];
      return;
    }
    if (this.sheet === null || this.rowsInSheet >= this.maxRows) this.startSheet();
    this.addRow(cells);
  }

  async flushIfFull(): Promise<void> {
    // Two places where rows can pile up, as neither exceljs nor its zip writer waits:
    // in front of the zip writer (it compresses more slowly than rows come), and in the
    // output while its reader is behind. Rows wait until both have room.
    const entry = sheetEntryOf(this.sheet);
    if (entry !== null && entry.pendingBytes() > MAX_PENDING_BYTES) await waitForDrain(entry.stream, { closedMessage: WORKBOOK_CLOSED });
    if (this.stream.writableNeedDrain) await waitForDrain(this.stream, { closedMessage: WORKBOOK_CLOSED });
  }

  /** Sheet XML written but not yet taken by the zip writer: what flushIfFull keeps bounded. */
  get queuedBytes(): number {
    return sheetEntryOf(this.sheet)?.pendingBytes() ?? 0;
  }

  async end(): Promise<void> {
    // A list with no rows is still a workbook with its header.
    if (this.sheet === null) this.startSheet();
    this.sheet?.commit();
    await this.workbook.commit();
  }

  // A list longer than a sheet goes on in "Cleaned (2)", … each with the header again.
  private startSheet(): void {
    this.sheet?.commit();
    this.sheets++;
    this.sheet = this.workbook.addWorksheet(this.sheets === 1 ? this.sheetName : `${this.sheetName} (${this.sheets})`);
    this.rowsInSheet = 0;
    this.addRow(this.header ?? []);
  }

  private addRow(cells: readonly string[]): void {
    // Inline rich text is how a workbook holds a string without a shared-string table.
    const values = cells.map((cell, index) => ({ richText: [{ text: xlsxText(cell, index) }] }));
    this.sheet?.addRow(values).commit();
    this.rowsInSheet++;
  }
}

/**
 * The cell's text for a workbook. A cell cannot run as a formula there, but the text is
 * the stored CSV's, neutralised (see neutralise-formulas.ts): it stays so, with one
 * exception. The first cell of a CSV line gets an apostrophe even before a signed
 * number, for splitters other than ours; in a workbook that reason is gone, so a phone
 * number such as "+44 20 7946 0958" comes out as written. Longer than Excel allows: cut.
 */
export function xlsxText(cell: string, column: number): string {
  const text = column === 0 && cell.startsWith("'") && isSignedNumber(cell.slice(1)) ? cell.slice(1) : cell;
  return text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text;
}

type SheetEntry = { readonly stream: Writable; pendingBytes(): number };

/**
 * The stream the zip writer reads the sheet's XML from (a readable-stream PassThrough).
 * exceljs writes each committed row into it without waiting (its StreamBuf ignores
 * backpressure); this is the one place that knows, so a version of exceljs without it
 * only loses the wait, not correctness.
 */
function sheetEntryOf(sheet: ExcelJS.Worksheet | null): SheetEntry | null {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } } | null)?.stream?.pipes;
  const entry = pipes?.[0] as (Writable & { _writableState?: { length?: number } }) | undefined;
  if (entry === undefined || typeof entry.on !== "function") return null;
  const pendingBytes = () => entry.writableLength ?? entry._writableState?.length ?? 0;
  return { stream: entry, pendingBytes };
}

/** Resolves on 'drain'; rejects when the stream fails or closes first (a download cancelled). */
