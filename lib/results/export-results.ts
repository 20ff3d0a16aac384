// Builds a result download from the stored report CSVs: a file's own cleaned list or
// report, or the whole batch's merged into one. The report holds every row with its
// verdict, so the cleaned list (with or without risky rows) is read from it rather than
// stored once per choice, and the batch-wide duplicate rule can be applied here:
//
// One batch, one list. Files are read in upload order (their position in the batch); an
// address whose mailbox appeared in an earlier file is a duplicate, reported with the
// file and line where it first appeared. The rule is decided here, at export, from the
// stored results, so it does not depend on which worker finished which file first.
import type { Readable } from "node:stream";
import type { RowFixMarks } from "../row-fixes/load-row-fix-marks";
import { rowFixKey } from "../row-fixes/load-row-fix-marks";
import { reportColumns, type reportFixColumnText } from "../verification/verification-summary";
import { type AppendedRow, AppendedRows } from "./appended-rows";
import { CrossFileDuplicates } from "./cross-file-duplicates";
import type { ResultKind } from "./download-options";
import { readResultCsv } from "./read-result-csv";
import type { TableWriter } from "./table-writer";
import type { CsvDelimiter } from "../verification/sniff-csv-format";

export type ExportSource = {
  /** As uploaded: names the file in the report and the merged list. */
  readonly name: string;
  readonly delimiter: CsvDelimiter;
  /** Original columns of the file, when its summary recorded them. */
  readonly columns?: number;
  /** Rows of the file, when its summary recorded them: sizes the duplicate table up front. */
  readonly rows?: number;
  readonly openReport: () => Readable;
  /** Its rows fixed by hand (report downloads only): the report says which, and to what. */
  readonly fixes?: RowFixMarks;
};

export type ExportRequest = {
  readonly kind: ResultKind;
  /** Risky rows in the cleaned list too. */
  readonly keepRisky: boolean;
  /** The batch's files in upload order, those with results only. */
  readonly sources: readonly ExportSource[];
  /** Index of the file to export, or "merged" for all of them as one list. */
  readonly target: number | "merged";
  /** Cleaned list of one file only: rows written after it, each unless its mailbox is in the list already. */
  readonly appended?: readonly AppendedRow[];
};

/** Column the merged list adds at the end of each row: the file it came from. */
export const SOURCE_FILE_COLUMN = "source_file";

/**
 * Columns the report adds after its own when a row of it was fixed by hand: how
 * (accepted suggestion, edited, marked valid) and the address it was fixed to. Only
 * in reports with such rows, so a report without them stays as stored.
 */
export const REPORT_FIX_COLUMNS = ["changed_by_hand", "fixed_email"] as const satisfies readonly (keyof typeof reportFixColumnText)[];

export type Layout = {
  readonly width: number;
  readonly normalized: number;
  readonly verdict: number;
  readonly reason: number;
  readonly detail: number;
  readonly line: number;
  readonly addressInCell: number;
};

/** Writes the requested export to `writer` and ends it. */
export async function exportResults(request: ExportRequest, writer: TableWriter): Promise<void> {
  const { sources, target } = request;
  const last = target === "merged" ? sources.length - 1 : target;
  const union = target === "merged" ? await unionOfColumns(sources) : null;
  // Sized for the largest file: files of one batch are often exports of the same list,
  // so the sum of their rows would overstate the distinct addresses; more grows the table.
  const expected = Math.max(0, ...sources.slice(0, last + 1).map((source) => source.rows ?? 0));
  const duplicates = new CrossFileDuplicates(target === 0 ? 0 : expected);
  // The fix columns go in when any exported file has a row fixed by hand.
  const withFixes =
    request.kind === "report" && sources.some((source, index) => (target === "merged" ? index <= last : index === target) && (source.fixes?.size ?? 0) > 0);
  const appended = target !== "merged" && request.kind === "cleaned" && (request.appended?.length ?? 0) > 0 ? new AppendedRows(request.appended ?? []) : null;
  let headerWritten = false;
  for (let index = 0; index <= last; index++) {
    const source = sources[index];
    if (source === undefined) continue;
    const emit = target === "merged" || target === index;
    let layout: Layout | null = null;
    let columnMap: number[] | null = null;
    for await (const rows of readResultCsv(source.openReport(), source.delimiter)) {
      for (const row of rows) {
        if (layout === null) {
          layout = layoutOf(row, source.columns);
          if (union !== null) columnMap = union.mapOf(row.slice(0, layout.width));
          if (emit && !headerWritten) {
            writer.writeRow(headerOf(request.kind, union?.names ?? row.slice(0, layout.width), union !== null, row.slice(layout.width), withFixes));
            headerWritten = true;
          }
          continue;
        }
        // The first file alone has nothing earlier to repeat: no table needed.
        const judged = target === 0 ? row : judgeAcrossFiles(row, layout, duplicates, index, sources);
        if (!emit || !wanted(request, judged[layout.verdict] ?? "")) continue;
        const merge = union === null ? null : { map: columnMap ?? [], width: union.names.length, file: source.name };
        writer.writeRow(shape(request.kind, judged, layout, merge, withFixes ? fixCells(judged, layout, source.fixes) : null));
        appended?.written(judged[layout.normalized] ?? "");
      }
      await writer.flushIfFull();
    }
  }
  if (appended !== null) {
    for (const cells of appended.rest()) writer.writeRow(cells);
  }
  await writer.end();
}

function wanted({ kind, keepRisky }: ExportRequest, verdict: string): boolean {
  if (kind === "report") return true;
  return verdict === "valid" || (keepRisky && verdict === "risky");
}

// The report's own columns sit after the file's; found by name so that reports written
// before a column was added still read right.
export function layoutOf(header: readonly string[], columns: number | undefined): Layout {
  const width = columns !== undefined && columns <= header.length ? columns : Math.max(0, header.length - reportColumns.length);
  const at = (name: string) => {
    const found = header.indexOf(name, width);
    return found === -1 ? header.length : found;
  };
  return {
    width,
    normalized: at("normalized_email"),
    verdict: at("verdict"),
    reason: at("reason"),
    detail: at("detail"),
    line: at("line"),
    addressInCell: at("address_in_cell"),
  };
}

function headerOf(kind: ResultKind, original: readonly string[], merged: boolean, reportPart: readonly string[], withFixes: boolean): string[] {
  const added = kind === "cleaned" ? ["normalized_email"] : withFixes ? [...reportPart, ...REPORT_FIX_COLUMNS] : [...reportPart];
  return merged ? [...original, ...added, SOURCE_FILE_COLUMN] : [...original, ...added];
}

// A row that is the first of its address in its own file, but whose mailbox an earlier
// file had, becomes a duplicate of that row; its other reasons stay, as in the processor.
function judgeAcrossFiles(row: string[], layout: Layout, duplicates: CrossFileDuplicates, file: number, sources: readonly ExportSource[]): string[] {
  const check = duplicates.checkReportRow(row[layout.verdict] ?? "", row[layout.normalized] ?? "", file, Number(row[layout.line]) || 0);
  if (check === null) return row;
  const where = `line ${check.line} of ${sources[check.file]?.name ?? "an earlier file"}`;
  const same =
    check.kind === "duplicate" ? `Same address as ${where}.` : `Same mailbox as ${where}: the provider delivers both spellings to one inbox.`;
  const judged = [...row];
  judged[layout.verdict] = "duplicate";
  const reason = row[layout.reason] ?? "";
  judged[layout.reason] = reason === "" ? check.kind : `${check.kind}|${reason}`;
  const detail = row[layout.detail] ?? "";
  judged[layout.detail] = detail === "" ? same : `${same} ${detail}`;
  return judged;
}

type MergeShape = { readonly map: readonly number[]; readonly width: number; readonly file: string };

// The report row's fix columns: found by its line and which address of its cell ("2 of 3"; 1 when alone).
function fixCells(row: readonly string[], layout: Layout, fixes: RowFixMarks | undefined): readonly string[] {
  if (fixes === undefined || fixes.size === 0) return NOT_FIXED;
  const part = Number.parseInt(row[layout.addressInCell] ?? "", 10);
  const mark = fixes.get(rowFixKey(Number(row[layout.line]) || 0, Number.isNaN(part) ? 1 : part));
  return mark === undefined ? NOT_FIXED : [mark.changedByHand, mark.fixedEmail];
}
const NOT_FIXED: readonly string[] = ["", ""];

function shape(kind: ResultKind, row: readonly string[], layout: Layout, merge: MergeShape | null, fixes: readonly string[] | null): string[] {
  const own = row.slice(layout.width);
  const added = kind === "cleaned" ? [row[layout.normalized] ?? ""] : fixes === null ? own : [...own, ...fixes];
  if (merge === null) return [...row.slice(0, layout.width), ...added];
  const cells = new Array<string>(merge.width).fill("");
  for (let i = 0; i < merge.map.length; i++) cells[merge.map[i] ?? 0] = row[i] ?? "";
  return [...cells, ...added, merge.file];
}

/**
 * The merged list's columns: every file's columns by header name, in the order they
 * first appear (file by file, left to right). A name a file has twice is two columns;
 * a column a file lacks is empty in its rows.
 */
async function unionOfColumns(sources: readonly ExportSource[]) {
  const names: string[] = [];
  const slots = new Map<string, number[]>();
  const headers: string[][] = [];
  for (const source of sources) {
    const header = await firstRow(source);
    const width = layoutOf(header, source.columns).width;
    const own = header.slice(0, width);
    headers.push(own);
    const seen = new Map<string, number>();
    for (const name of own) {
      const nth = seen.get(name) ?? 0;
      seen.set(name, nth + 1);
      const list = slots.get(name) ?? [];
      if (list.length <= nth) {
        list.push(names.length);
        names.push(name);
        slots.set(name, list);
      }
    }
  }
  return {
    names,
    /** For each of a file's columns, its place in the merged list. */
    mapOf(own: readonly string[]): number[] {
      const seen = new Map<string, number>();
      return own.map((name) => {
        const nth = seen.get(name) ?? 0;
        seen.set(name, nth + 1);
        return slots.get(name)?.[nth] ?? 0;
      });
    },
  };
}

async function firstRow(source: ExportSource): Promise<string[]> {
  for await (const rows of readResultCsv(source.openReport(), source.delimiter)) {
    const header = rows[0];
    if (header !== undefined) return [...header];
  }
  return [];
}
