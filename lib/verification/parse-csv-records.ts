// CSV records out of decoded text that arrives in pieces: RFC 4180 (quoted values with
// "" for a quote, line breaks inside quotes) plus what real exports get wrong, each
// reported on its row and never fatal for the file:
//   - a value that opens with a quote and closes badly (`"Cy" junior,Rome`) is
//     invalid_quotes: the quote is kept as text and the value runs on to the next
//     delimiter, so one stray quote costs one row, not the lines after it;
//   - a quote that is never closed, or closed badly only after a line break (it took the
//     next quote in the file for its closing one), is missing_quotes: the opening quote
//     is read as text, the row ends at its line break and the lines after it are read
//     again as rows of their own. "Never closed" is known at the end of the file, or once
//     the quoted value has grown past `maxRecordChars`, longer than any real value.
// Records are found with indexOf, and a record with no quote is split without looking
// at each character: most rows of most files. Such a row also keeps its raw text, which
// the writer copies to the outputs as one piece instead of rebuilding it cell by cell.
import type { CsvFormat } from "./sniff-csv-format";
import type { RowIssue } from "./verification-summary";
import { isSignedNumber, startsLikeFormula } from "./neutralise-formulas";

/** The row issues that come from quoting; the others are about a row's width. */
export type RowParseIssue = Extract<RowIssue, "invalid_quotes" | "missing_quotes">;

export type CsvRecords = {
  readonly rows: readonly string[][];
  /**
   * Each row's text as it stands in the file when it can be written back unchanged:
   * no quotes, no stray CR or LF and no place where a spreadsheet could start a formula,
   * whatever delimiter it splits at (see neutralise-formulas.ts). Null for other rows,
   * which are written from their cells.
   */
  readonly raws: readonly (string | null)[];
  /** 1-based physical line where each row starts (a quoted value may span lines). */
  readonly lines: readonly number[];
  /** Quoting problems by index in `rows`; null when there are none. */
  readonly issues: ReadonlyMap<number, RowParseIssue> | null;
};

const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

// A record cut off by the end of the text received so far: wait for more.
const INCOMPLETE = null;

type Record = { readonly cells: string[]; readonly next: number; readonly issue: RowParseIssue | null };

export class CsvRecordParser {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly newline: string;
  // The character counted as a physical line break inside quoted values.
  private readonly lineBreak: string;
  // Text of a record not complete yet, carried into the next push.
  private carry = "";
  private line = 1;
  // Whether a cell of the line splitLine split last starts like a spreadsheet formula.
  private lineHasFormula = false;
  // The two delimiters that are not ours, and where each occurs next (-2: not searched
  // yet, -1: none). One followed by = + - @ tab or CR is where a program splitting at it
  // would see a formula. Found with indexOf, as the other characters are.
  private readonly foreign: readonly [string, string];
  private readonly nextForeign = [-2, -2];
  // Next delimiter in the text being parsed (-2: not searched yet, -1: none). Kept
  // between lines: in a file of one column, searching afresh on each line would scan
  // to the end of the text every time.
  private nextDelimiter = -2;

  /** `maxRecordChars`: how long a quoted value may grow before its quote is taken as stray. */
  constructor(
    format: CsvFormat,
    private readonly maxRecordChars = Number.POSITIVE_INFINITY,
  ) {
    this.delimiter = format.delimiter;
    this.delimiterCode = format.delimiter.charCodeAt(0);
    this.newline = format.newline;
    this.lineBreak = format.newline === "\r" ? "\r" : "\n";
    this.foreign = format.delimiter === "," ? [";", "\t"] : format.delimiter === ";" ? [",", "\t"] : [",", ";"];
  }

  /** Characters held for a record that has not ended yet. */
  get pendingLength(): number {
    return this.carry.length;
  }

  /** Line on which the record held back (or the next one) starts. */
  get pendingLine(): number {
    return this.line;
  }

  /** The complete records in the text so far; the unfinished last one waits for more. */
  push(text: string): CsvRecords {
    return this.parse(this.carry + text, false);
  }

  /** The records left at the end of the input, an unterminated last one included. */
  end(): CsvRecords {
    return this.parse(this.carry, true);
  }

  private parse(input: string, final: boolean): CsvRecords {
    const rows: string[][] = [];
    const raws: (string | null)[] = [];
    const lines: number[] = [];
    let issues: Map<number, RowParseIssue> | null = null;
    const { newline } = this;
    // Next quote, CR and LF at or after `at`, searched again only once passed (-2: not
    // yet, -1: none). A CR or LF that does not end a record is text the writer must quote;
    // the newline's own character cannot occur inside a quote-free record.
    let nextQuote = -2;
    let nextCr = newline === "\r" ? -1 : -2;
    let nextLf = newline === "\n" ? -1 : -2;
    this.nextDelimiter = -2;
    this.nextForeign[0] = -2;
    this.nextForeign[1] = -2;
    let at = 0;
    while (at < input.length) {
      let end = input.indexOf(newline, at);
      if (end === -1) {
        if (!final) break;
        end = input.length;
      }
      if (nextQuote !== -1 && nextQuote < at) nextQuote = input.indexOf('"', at);
      if (nextQuote === -1 || nextQuote >= end) {
        // No quote: the record is this line, its cells what lies between delimiters.
        if (nextCr !== -1 && nextCr < at) nextCr = input.indexOf("\r", at);
        if (nextLf !== -1 && nextLf < at) nextLf = input.indexOf("\n", at);
        const plain = (nextCr === -1 || nextCr >= end) && (nextLf === -1 || nextLf >= end);
        rows.push(this.splitLine(input, at, end));
        raws.push(plain && !this.lineHasFormula && !this.hasForeignFormula(input, at, end) ? input.slice(at, end) : null);
        lines.push(this.line);
        // A stray LF in a CRLF file is a line of its own in an editor, as it is in a quoted value.
        this.line += newline === "\r\n" && nextLf !== -1 && nextLf < end ? 1 + countOf(input, "\n", nextLf, end) : 1;
        at = end + newline.length;
        continue;
      }
      let record = this.readQuotedRecord(input, at, final, false);
      if (record === INCOMPLETE && !final && input.length - at > this.maxRecordChars) {
        // Too long to be a value: read the open quote as text now rather than hold the rest of the file.
        record = this.readQuotedRecord(input, at, final, true);
      }
      if (record === INCOMPLETE) break;
      if (record.issue !== null) (issues ??= new Map()).set(rows.length, record.issue);
      rows.push(record.cells);
      raws.push(null);
      lines.push(this.line);
      this.line += 1 + countOf(input, this.lineBreak, at, record.next - newline.length);
      at = record.next;
    }
    this.carry = at >= input.length ? "" : input.slice(at);
    return { rows, raws, lines, issues };
  }

  // Cells of a quote-free line; sets `lineHasFormula` (a field: no object per row) when a
  // cell would not be written as it is: the first starting like a formula, or another
  // starting like one without being a signed number (a phone number stays as it is).
  private splitLine(input: string, start: number, end: number): string[] {
    const cells: string[] = [];
    let formula = false;
    let from = start;
    for (;;) {
      if (this.nextDelimiter !== -1 && this.nextDelimiter < from) this.nextDelimiter = input.indexOf(this.delimiter, from);
      const delimiter = this.nextDelimiter;
      const last = delimiter === -1 || delimiter >= end;
      const cell = input.slice(from, last ? end : delimiter);
      if (!formula && startsLikeFormula(cell.charCodeAt(0)) && (from === start || !isSignedNumber(cell))) formula = true;
      cells.push(cell);
      if (last) {
        this.lineHasFormula = formula;
        return cells;
      }
      from = delimiter + 1;
    }
  }

  // Whether a quote-free line holds another delimiter than ours followed by = + - @ tab or CR.
  private hasForeignFormula(input: string, start: number, end: number): boolean {
    for (let k = 0; k < 2; k++) {
      let next = this.nextForeign[k] ?? -1;
      if (next !== -1 && next < start) next = input.indexOf(this.foreign[k] ?? "", start);
      while (next !== -1 && next < end && !startsLikeFormula(input.charCodeAt(next + 1))) next = input.indexOf(this.foreign[k] ?? "", next + 1);
      this.nextForeign[k] = next;
      if (next !== -1 && next < end) return true;
    }
    return false;
  }

  // A record with quotes in it, read cell by cell from `start`. `giveUp`: a quote with no
  // closing quote in the text so far counts as never closed.
  private readQuotedRecord(input: string, start: number, final: boolean, giveUp: boolean): Record | typeof INCOMPLETE {
    const cells: string[] = [];
    let issue: RowParseIssue | null = null;
    let at = start;
    for (;;) {
      let value = "";
      if (input.charCodeAt(at) === QUOTE) {
        const quoted = this.readQuotedValue(input, at, final, giveUp);
        if (quoted === INCOMPLETE) return INCOMPLETE;
        if (quoted === "unclosed") {
          // The opening quote is text; the cell is read as unquoted, after it.
          issue ??= "missing_quotes";
          at++;
        } else if (quoted.badClose) {
          // The cause to show when a row has both: a bad close is what the person can fix.
          issue = "invalid_quotes";
          value = quoted.value;
          at = quoted.next;
        } else {
          const ending = this.cellEnding(input, quoted.next, final);
          if (ending === INCOMPLETE) return INCOMPLETE;
          cells.push(quoted.value);
          if (ending.kind === "end") return { cells, next: ending.next, issue };
          at = ending.next;
          continue;
        }
      }
      // Unquoted text (or what follows a badly closed quote) up to a delimiter or the record's end.
      const ending = this.findCellEnd(input, at, final);
      if (ending === INCOMPLETE) return INCOMPLETE;
      cells.push(value + input.slice(at, ending.end));
      if (ending.kind === "delimiter") at = ending.next;
      else return { cells, next: ending.next, issue };
    }
  }

  // The value of the quoted cell opening at `open`, up to its closing quote. A quote
  // followed by anything but a delimiter, line end or spaces before one is a bad close;
  // "unclosed" when there is none, or the bad close comes after a line break.
  private readQuotedValue(
    input: string,
    open: number,
    final: boolean,
    giveUp: boolean,
  ): { value: string; next: number; badClose: boolean } | "unclosed" | typeof INCOMPLETE {
    let value = "";
    let from = open + 1;
    for (;;) {
      const quote = input.indexOf('"', from);
      if (quote === -1) return final || giveUp ? "unclosed" : INCOMPLETE;
      if (quote + 1 >= input.length && !final) return INCOMPLETE;
      if (input.charCodeAt(quote + 1) === QUOTE) {
        value += `${input.slice(from, quote)}"`;
        from = quote + 2;
        continue;
      }
      value += input.slice(from, quote);
      let after = quote + 1;
      while (after < input.length && (input.charCodeAt(after) === SPACE || (input.charCodeAt(after) === TAB && this.delimiterCode !== TAB))) after++;
      if (!final && this.mayBeCutNewline(input, after)) return INCOMPLETE;
      if (after >= input.length || input.charCodeAt(after) === this.delimiterCode || input.startsWith(this.newline, after)) {
        return { value, next: after, badClose: false };
      }
      // Only the value's own text: indexOf to the line's end, once per bad close, would
      // make a long line full of them quadratic.
      const breakCode = this.lineBreak.charCodeAt(0);
      for (let i = open + 1; i < quote; i++) if (input.charCodeAt(i) === breakCode) return "unclosed";
      return { value: `${value}"`, next: quote + 1, badClose: true };
    }
  }

  // What stands at `at` right after a good closing quote: a delimiter or the record's end.
  private cellEnding(input: string, at: number, final: boolean): { kind: "delimiter" | "end"; next: number } | typeof INCOMPLETE {
    if (!final && this.mayBeCutNewline(input, at)) return INCOMPLETE;
    if (input.charCodeAt(at) === this.delimiterCode) return { kind: "delimiter", next: at + 1 };
    return { kind: "end", next: Math.min(input.length, at + this.newline.length) };
  }

  // True when the input ends at `at`, or with the first part of a CRLF there: the text
  // to come decides what follows.
  private mayBeCutNewline(input: string, at: number): boolean {
    return input.length - at < this.newline.length && this.newline.startsWith(input.slice(at));
  }

  // Where unquoted text from `at` ends: at a delimiter or at the record's end. A loop
  // over the cell, not indexOf, which could scan far past it on every call.
  private findCellEnd(input: string, at: number, final: boolean): { kind: "delimiter" | "end"; end: number; next: number } | typeof INCOMPLETE {
    const newlineCode = this.newline.charCodeAt(0);
    for (let i = at; i < input.length; i++) {
      const code = input.charCodeAt(i);
      if (code === this.delimiterCode) return { kind: "delimiter", end: i, next: i + 1 };
      if (code === newlineCode && input.startsWith(this.newline, i)) return { kind: "end", end: i, next: i + this.newline.length };
    }
    return final ? { kind: "end", end: input.length, next: input.length } : INCOMPLETE;
  }
}

function countOf(text: string, character: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf(character, from); at !== -1 && at < to; at = text.indexOf(character, at + 1)) count++;
  return count;
}
