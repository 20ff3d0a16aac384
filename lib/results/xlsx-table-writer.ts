// Result rows as an Excel workbook, written as a stream (exceljs' WorkbookWriter): rows
// go out as they come, no shared-string table is kept, so memory stays bounded whatever
// the number of rows. Every cell is text, so nothing in it runs or changes type: a phone
// number or a leading zero stays as written.
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { isSignedNumber } from "../verification/neutralise-formulas";
import type { TableWriter } from "./table-writer";

// Excel's limits: rows per sheet (the header is one of them) and characters per cell.
export const XLSX_MAX_ROWS = 1_048_576;
const MAX_CELL_CHARS = 32_767;

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
    // The zip writer pauses while the output is full and rows then pile up in front of
    // it: wait for the reader instead, so what piles up is at most a batch of rows.
    if (!this.stream.writableNeedDrain) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        this.stream.off("drain", onDrain);
        this.stream.off("error", done);
        this.stream.off("close", onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      // The reader went away (a download cancelled): stop rather than wait forever.
      const onClose = () => done(this.stream.errored ?? new Error("The download was closed before the workbook was written."));
      this.stream.on("drain", onDrain);
      this.stream.on("error", done);
      this.stream.on("close", onClose);
    });
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
