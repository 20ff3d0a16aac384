// A value that opens with a quote but closes badly (`"Cy" junior,Rome`) makes papaparse
// search on for a closing quote, swallowing the following lines into one value: to the
// next quote in the file, or to its end. Rows with such a quoting error and line breaks
// in a value are split back at the line breaks and parsed again, so one stray quote
// costs one row, not the rest of the file. (A deliberately multi-line value that also
// has a bad quote is split too; with a reported row issue, that is the better loss.)
import Papa from "papaparse";
import type { RowParseIssue } from "./read-csv-batches";
import type { CsvFormat } from "./sniff-csv-format";

export type RecoveredRows = { readonly rows: string[][]; readonly issues: Map<number, RowParseIssue> | null };

// Each round undoes one bad quote; a file of nothing but stray quotes stops here.
const MAX_DEPTH = 50;

/** Split rows that swallowed lines; rows without quoting issues pass through untouched. */
export function recoverSwallowedLines(
  rows: string[][],
  issues: ReadonlyMap<number, RowParseIssue> | null,
  format: CsvFormat,
  depth = 0,
): RecoveredRows {
  if (issues === null || depth >= MAX_DEPTH) return { rows, issues: issues === null ? null : new Map(issues) };
  const lineBreak = format.newline === "\r" ? "\r" : "\n";
  if (![...issues.keys()].some((index) => (rows[index] ?? []).some((value) => value.includes(lineBreak)))) {
    return { rows, issues: new Map(issues) };
  }
  const outRows: string[][] = [];
  const outIssues = new Map<number, RowParseIssue>();
  rows.forEach((row, index) => {
    const issue = issues.get(index);
    const swallowing = issue === undefined ? -1 : row.findIndex((value) => value.includes(lineBreak));
    if (issue === undefined || swallowing === -1) {
      if (issue !== undefined) outIssues.set(outRows.length, issue);
      outRows.push(row);
      return;
    }
    const value = row[swallowing] ?? "";
    const breakAt = value.indexOf(lineBreak);
    // The swallowed value holds the rest of the bad row's line, then whole lines.
    const restOfLine = parse(value.slice(0, breakAt).replace(/\r$/, ""), format).rows[0] ?? [""];
    outIssues.set(outRows.length, issue);
    outRows.push([...row.slice(0, swallowing), ...restOfLine]);
    const remainder = [value.slice(breakAt + lineBreak.length), ...row.slice(swallowing + 1)].join(format.delimiter);
    const reparsed = parse(remainder, format);
    const recovered = recoverSwallowedLines(reparsed.rows, reparsed.issues, format, depth + 1);
    recovered.rows.forEach((recoveredRow, recoveredIndex) => {
      const recoveredIssue = recovered.issues?.get(recoveredIndex);
      if (recoveredIssue !== undefined) outIssues.set(outRows.length, recoveredIssue);
      outRows.push(recoveredRow);
    });
  });
  return { rows: outRows, issues: outIssues.size === 0 ? null : outIssues };
}

function parse(text: string, format: CsvFormat): { rows: string[][]; issues: Map<number, RowParseIssue> | null } {
  const result = Papa.parse<string[]>(text, { delimiter: format.delimiter, newline: format.newline, header: false, skipEmptyLines: false });
  // A trailing line break yields one empty row: the blank line after the last record.
  const rows = result.data.length > 0 && text.endsWith("\n") && (result.data.at(-1) ?? []).join("") === "" ? result.data.slice(0, -1) : result.data;
  return { rows, issues: collectIssues(result.errors) };
}

/** Quoting problems by row index, from papaparse's error list. */
export function collectIssues(errors: readonly Papa.ParseError[]): Map<number, RowParseIssue> | null {
  if (errors.length === 0) return null;
  const issues = new Map<number, RowParseIssue>();
  for (const error of errors) {
    if (error.row === undefined) continue;
    // A badly closed quote usually also runs on unterminated; the bad close is the cause to show.
    if (error.code === "InvalidQuotes") issues.set(error.row, "invalid_quotes");
    else if (error.code === "MissingQuotes" && !issues.has(error.row)) issues.set(error.row, "missing_quotes");
  }
  return issues.size === 0 ? null : issues;
}
