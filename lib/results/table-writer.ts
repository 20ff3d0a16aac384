// Where converted result rows go: a CSV (plain, or "for Excel") or an Excel workbook.
// One interface so the export does not care which; every writer keeps memory bounded
// by waiting for the reader (backpressure) as the rows go out.
import type { Writable } from "node:stream";
import type { CsvDelimiter } from "../verification/sniff-csv-format";
import { type CellFormatters, createCellFormatters, CsvOutput } from "../verification/write-csv";

export interface TableWriter {
  /** The header first, then the rows; every row as wide as the header. */
  writeRow(cells: readonly string[]): void;
  /** Waits while the reader is behind; call once per batch of rows. */
  flushIfFull(): Promise<void>;
  /** Writes the rest and ends the output. */
  end(): Promise<void>;
}

export type CsvTableOptions = {
  readonly delimiter: CsvDelimiter;
  /** UTF-8 byte order mark first: how Excel knows the file is UTF-8. */
  readonly bom: boolean;
  readonly newline: "\r\n" | "\n";
};

/**
 * CSV rows, quoted for the delimiter and with formulas neutralised (write-csv.ts). Cells
 * read back from a stored result were neutralised already; doing it again changes
 * nothing, because a neutralised place no longer starts like a formula.
 */
export class CsvTableWriter implements TableWriter {
  private readonly output: CsvOutput;
  private readonly formatters: CellFormatters;
  private started = false;

  constructor(
    stream: Writable,
    private readonly options: CsvTableOptions,
  ) {
    this.output = new CsvOutput(stream, undefined);
    this.formatters = createCellFormatters(options.delimiter);
  }

  writeRow(cells: readonly string[]): void {
    const { delimiter, newline, bom } = this.options;
    let line = this.started || !bom ? "" : "\uFEFF";
    this.started = true;
    line += this.formatters.first(cells[0] ?? "");
    for (let i = 1; i < cells.length; i++) line += delimiter + this.formatters.next(cells[i] ?? "");
    this.output.append(line + newline);
  }

  flushIfFull(): Promise<void> {
    return this.output.flushIfFull();
  }

  async end(): Promise<void> {
    await this.output.end();
    this.output.release();
  }
}
