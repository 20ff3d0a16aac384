// The per-row loop: judge the address, catch repeats, count, and write the report and
// cleaned rows. Runs once per row of a file, so it avoids work it can skip (see comments).
import { type AddressAnalysis, analyzeAddress } from "./analyze-address";
import type { DomainCheckResult, DomainChecker } from "./check-domains";
import type { EmailColumn } from "./find-email-column";
import { type CellReading, readAddressCell } from "./read-address-cell";
import type { CsvBatch } from "./read-csv-batches";
import type { CsvFormat } from "./sniff-csv-format";
import { copyString } from "./copy-string";
import { DomainBook } from "./domain-book";
import { type DuplicateCheck, DuplicateTracker } from "./track-duplicates";
import type { ReasonCode, Verdict } from "./verdicts";
import { reasonText } from "./verdicts";
import type { RowIssue, VerificationSummary } from "./verification-summary";
import { cleanedColumns, reportColumns } from "./verification-summary";
import { type CellFormatter, createCellFormatters, type CsvOutput } from "./write-csv";
import { applyMailboxResult, countMailboxResult, type MailboxCounts } from "./smtp/apply-mailbox-result";
import type { MailboxChecker } from "./smtp/check-mailboxes";
import type { MailboxResult } from "./smtp/mailbox-result";

export type RowVerifierConfig = {
  readonly column: EmailColumn;
  readonly format: CsvFormat;
  readonly cleaned: CsvOutput;
  readonly report: CsvOutput;
  readonly includeRiskyInCleaned: boolean;
  readonly domainChecker: DomainChecker | null;
  /** The optional SMTP stage: asks mail servers about each address not already judged invalid or a repeat. */
  readonly mailboxChecker: MailboxChecker | null;
  /** Rows expected in the file, estimated from its size; 0 when unknown. */
  readonly expectedRows: number;
  /** Called for each invalid or risky row (not duplicates), for fixing in the app; returning false stops the calls. */
  readonly onFlaggedRow?: ((row: FlaggedRowOutput) => boolean | void) | undefined;
};

/** An invalid or risky row as processing saw it: enough to show it, fix it and write it back out. */
export type FlaggedRowOutput = {
  readonly line: number;
  /** Which address of its cell, from 1 (a cell can hold several). */
  readonly part: number;
  /** The row's cells, one per header column. */
  readonly cells: readonly string[];
  readonly address: string;
  readonly verdict: "invalid" | "risky";
  readonly reasons: readonly ReasonCode[];
  readonly detail: string;
  readonly suggestion: string | null;
};

// Where an entry's address came from when its cell was not one bare address.
type CellPart = { readonly displayName: string | null; readonly index: number; readonly count: number; readonly separator: string | null };

type RowCounts = Pick<VerificationSummary, "rows" | "blankRows" | "verdicts" | "reasons" | "freeMail" | "rowIssues">;

// A piece of the file judged, its rows waiting for the mail servers' answers to be written.
type JudgedPiece = {
  readonly batch: CsvBatch;
  readonly first: number;
  readonly analyses: readonly (AddressAnalysis | null)[];
  readonly repeats: readonly (DuplicateCheck | null)[];
  readonly entryRows: readonly number[] | null;
  readonly entryParts: readonly (CellPart | null)[] | null;
  readonly answers: Promise<ReadonlyMap<string, MailboxResult> | null>;
  /** The answers are in (or the asking failed): writing the piece will not wait. */
  settled: boolean;
};

// With SMTP checks on, pieces whose answers are not all in yet, at most: each holds its rows
// (~1,000, 64 KB of text) until it is written. While one piece waits out a retry delay
// (greylisting: 30 s by default), the pieces after it are judged and asked about; the next
// piece is read only once fewer are waiting. 16 pieces cover 30 s at ~530 rows a second, more
// than mail servers answer at the polite defaults (see docs/smtp-checks.md).
const MAX_PIECES_WAITING = 16;

export class RowVerifier {
  // Cells after the first of a line, and the first (stricter: see neutralise-formulas.ts).
  private readonly format: CellFormatter;
  private readonly formatFirst: CellFormatter;
  private readonly delimiter: string;
  private readonly newline: string;
  private readonly width: number;
  // The report's columns from verdict to row_issue for a valid row without issues.
  private readonly validFreeMail: string;
  private readonly validOther: string;
  private readonly duplicates: DuplicateTracker;
  private readonly domains = new DomainBook();
  // Counts each domain as its address is judged; bound once, not per row.
  private readonly recordDomain = (domain: string) => this.domains.record(domain);
  private readonly verdicts: Record<Verdict, number> = { valid: 0, risky: 0, invalid: 0, duplicate: 0 };
  private readonly reasons = new Map<ReasonCode, number>();
  private readonly rowIssues = new Map<RowIssue, number>();
  private rows = 0;
  private blankRows = 0;
  private freeMail = 0;
  // Until onFlaggedRow returns false: each call copies the row, which on a list with many
  // bad rows cost ≈ 10–20 % more time and ≈ 40 MB more peak RSS (1M rows, bench:verify) for
  // rows the caller drops.
  private wantsFlaggedRows = true;
  private readonly mailboxes: MailboxCounts = { deliverable: 0, undeliverable: 0, full: 0, catchAll: 0, unknown: 0 };
  // In the order of the file: a piece is written only after every piece before it.
  private readonly waiting: JudgedPiece[] = [];
  private written = 0;

  constructor(private readonly config: RowVerifierConfig) {
    const formatters = createCellFormatters(config.format.delimiter);
    this.format = formatters.next;
    this.formatFirst = formatters.first;
    this.delimiter = config.format.delimiter;
    this.newline = config.format.newline === "\r" ? "\r\n" : config.format.newline;
    this.width = config.column.headerCells.length;
    const d = this.delimiter;
    // display_name, address_in_cell, verdict, reason, detail, suggestion, free_mail, row_issue
    this.validFreeMail = `${d}${d}${d}valid${d}${d}${d}${d}true${d}${d}`;
    this.validOther = `${d}${d}${d}valid${d}${d}${d}${d}false${d}${d}`;
    this.duplicates = new DuplicateTracker(config.expectedRows);
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Pieces (calls of verifyBatch) whose rows are written. */
  get piecesWritten(): number {
    return this.written;
  }

  writeHeaders(withBom: boolean): void {
    const bom = withBom ? "\uFEFF" : "";
    const original = this.formatCells(this.config.column.headerCells);
    this.config.cleaned.append(`${bom}${original}${this.delimiter}${cleanedColumns.join(this.delimiter)}${this.newline}`);
    this.config.report.append(`${bom}${original}${this.delimiter}${reportColumns.join(this.delimiter)}${this.newline}`);
  }

  /**
   * Verify the rows of `batch` from index `start` on, then flush outputs if their buffers
   * are full. With SMTP checks on, the rows may be written by a later call or by `finish`.
   */
  async verifyBatch(batch: CsvBatch, start: number): Promise<void> {
    const { rows, lines } = batch;
    const emailIndex = this.config.column.index;
    // In steps over the whole batch: judge every address, check domains over the network
    // (when configured) all at once, find repeats all at once (see DuplicateTracker.checkAll),
    // ask mail servers about the addresses left (when SMTP checks are on), then count and
    // write each row.
    let analyses = new Array<AddressAnalysis | null>(rows.length).fill(null);
    let readings: Map<number, CellReading> | null = null;
    for (let i = start; i < rows.length; i++) {
      const fields = rows[i] ?? [];
      if (isBlank(fields)) {
        this.blankRows++;
        continue;
      }
      const cell = fields[emailIndex] ?? "";
      const analysis = analyzeAddress(cell, this.recordDomain);
      analyses[i] = analysis;
      // Only a cell that is not one valid address can be "Name <address>" or a list.
      if (analysis.verdict === "invalid") {
        const reading = readAddressCell(cell);
        if (reading !== null) (readings ??= new Map()).set(i, reading);
      }
    }
    // Usually one entry per row; with cells read as names or lists, one per address.
    let entryRows: number[] | null = null;
    let entryLines: readonly number[] = lines;
    let entryParts: (CellPart | null)[] | null = null;
    let first = start;
    if (readings !== null) {
      const expanded = this.expand(analyses, lines, readings, start);
      ({ analyses, rows: entryRows, lines: entryLines, parts: entryParts } = expanded);
      first = 0;
    }
    const checker = this.config.domainChecker;
    if (checker !== null) {
      const checks = await checker.checkAll(analyses);
      for (let i = first; i < analyses.length; i++) {
        const analysis = analyses[i];
        if (analysis !== null && analysis !== undefined && analysis.domain !== null) analyses[i] = applyDomainCheck(analysis, checks.get(analysis.domain));
      }
    }
    const repeats = this.duplicates.checkAll(
      analyses.map((analysis) => (analysis === null || analysis.verdict === "invalid" ? null : analysis)),
      entryLines,
    );
    const piece = { batch, first, analyses, repeats, entryRows, entryParts };
    if (this.config.mailboxChecker === null) {
      this.writePiece(piece, null);
      await this.flushIfFull();
      return;
    }
    // The mail servers' answers come when they come (a greylisted address's after the
    // retry delay); the pieces after this one do not wait for them, only its writing does.
    const judged: JudgedPiece = { ...piece, answers: this.checkMailboxes(analyses, repeats, first), settled: false };
    // Also marks a failure as handled: it is thrown when the piece's turn to be written comes.
    judged.answers.then(
      () => (judged.settled = true),
      () => (judged.settled = true),
    );
    this.waiting.push(judged);
    await this.writeAnswered(MAX_PIECES_WAITING - 1);
  }

  /** Writes the rows still waiting for mail servers' answers, calling `onWritten` as they go. Call once, after the last batch. */
  async finish(onWritten?: () => void): Promise<void> {
    while (this.waiting.length > 0) {
      await this.writeAnswered(this.waiting.length - 1);
      onWritten?.();
    }
  }

  // Writes, in order, the pieces whose answers are in, then waits for the first pieces' until
  // at most `keep` are left. A stopped job ends the wait: its checks reject with the reason.
  private async writeAnswered(keep: number): Promise<void> {
    for (let next = this.waiting[0]; next !== undefined; next = this.waiting[0]) {
      if (!next.settled && this.waiting.length <= keep) return;
      const answers = await next.answers;
      this.waiting.shift();
      this.writePiece(next, answers);
      await this.flushIfFull();
    }
  }

  private writePiece(piece: Omit<JudgedPiece, "answers" | "settled">, mailboxes: ReadonlyMap<string, MailboxResult> | null): void {
    const { batch, first, analyses, repeats, entryRows, entryParts } = piece;
    const { rows, raws, lines, issues } = batch;
    for (let i = first; i < analyses.length; i++) {
      const analysis = analyses[i];
      if (analysis === null || analysis === undefined) continue;
      const row = entryRows === null ? i : (entryRows[i] ?? 0);
      const mailbox = mailboxes === null || analysis.normalized === null ? undefined : mailboxes.get(analysis.normalized);
      this.finishRow(rows[row] ?? [], raws[row] ?? null, analysis, repeats[i] ?? null, lines[row] ?? 0, issues?.get(row) ?? null, entryParts?.[i] ?? null, mailbox);
    }
    this.written++;
  }

  private async flushIfFull(): Promise<void> {
    await this.config.cleaned.flushIfFull();
    await this.config.report.flushIfFull();
  }

  // One entry per address from row `start` on: a row whose cell was read as a name and
  // address, or as several addresses, gets the analysis of each in place of its own.
  private expand(analyses: readonly (AddressAnalysis | null)[], lines: readonly number[], readings: ReadonlyMap<number, CellReading>, start: number) {
    const entries = { analyses: [] as (AddressAnalysis | null)[], rows: [] as number[], lines: [] as number[], parts: [] as (CellPart | null)[] };
    for (let i = start; i < analyses.length; i++) {
      const analysis = analyses[i] ?? null;
      const reading = readings.get(i);
      if (analysis === null || reading === undefined) {
        entries.analyses.push(analysis);
        entries.rows.push(i);
        entries.lines.push(lines[i] ?? 0);
        entries.parts.push(null);
        continue;
      }
      const count = reading.addresses.length;
      reading.addresses.forEach((cellAddress, index) => {
        entries.analyses.push(analyzeAddress(cellAddress.address, this.recordDomain));
        entries.rows.push(i);
        entries.lines.push(lines[i] ?? 0);
        entries.parts.push({ displayName: cellAddress.displayName, index: index + 1, count, separator: reading.separator });
      });
    }
    return entries;
  }

  // Each address once: a repeat is never asked again, and stays a duplicate of its first row.
  private async checkMailboxes(
    analyses: readonly (AddressAnalysis | null)[],
    repeats: readonly (DuplicateCheck | null)[],
    first: number,
  ): Promise<ReadonlyMap<string, MailboxResult> | null> {
    const checker = this.config.mailboxChecker;
    if (checker === null) return null;
    const asked: string[] = [];
    for (let i = first; i < analyses.length; i++) {
      const analysis = analyses[i];
      const repeat = repeats[i];
      if (analysis == null || analysis.normalized === null || (repeat != null && repeat.kind !== "first")) continue;
      asked.push(analysis.normalized);
    }
    return asked.length === 0 ? null : await checker.checkAll(asked);
  }

  /** Answers of mail servers, when SMTP checks are on. */
  mailboxCounts(): MailboxCounts | null {
    return this.config.mailboxChecker === null ? null : { ...this.mailboxes };
  }

  counts(): RowCounts {
    return {
      rows: this.rows,
      blankRows: this.blankRows,
      verdicts: { ...this.verdicts },
      reasons: Object.fromEntries(this.reasons),
      freeMail: this.freeMail,
      rowIssues: Object.fromEntries(this.rowIssues),
    };
  }

  topDomains() {
    return { topDomains: this.domains.top(10), topDomainsApproximate: this.domains.approximate };
  }

  // `raw`: the row's text when it can be written as it is (see CsvRecords.raws).
  // `repeat`: what duplicate detection said of the address; null for an invalid one.
  private finishRow(
    fields: readonly string[],
    raw: string | null,
    analysis: AddressAnalysis,
    repeat: DuplicateCheck | null,
    line: number,
    parseIssue: RowIssue | null,
    part: CellPart | null,
    mailbox: MailboxResult | undefined,
  ): void {
    this.rows++;
    let verdict: Verdict = analysis.verdict;
    let reasons: readonly ReasonCode[] = analysis.reasons;
    let detail = analysis.message;
    if (analysis.verdict !== "invalid") {
      if (mailbox !== undefined && (repeat === null || repeat.kind === "first")) {
        ({ verdict, reasons, detail } = applyMailboxResult({ verdict, reasons, detail }, mailbox));
        countMailboxResult(this.mailboxes, mailbox);
      }
      if (repeat !== null && repeat.kind !== "first") {
        verdict = "duplicate";
        // A repeat keeps the risks it has: every reason the row has.
        reasons = analysis.reasons.length === 0 ? [repeat.kind] : [repeat.kind, ...analysis.reasons];
        const same =
          repeat.kind === "duplicate"
            ? `Same address as line ${repeat.firstLine}.`
            : `Same mailbox as line ${repeat.firstLine}: the provider delivers both spellings to one inbox.`;
        detail = analysis.message === "" ? same : `${same} ${analysis.message}`;
      }
      if (analysis.freeMail && verdict !== "invalid") this.freeMail++;
    }
    this.verdicts[verdict]++;
    for (const reason of reasons) this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    const shapeIssue = parseIssue ?? (fields.length < this.width ? "too_few_fields" : fields.length > this.width ? "too_many_fields" : null);
    // A line's own issues are counted once, on its first address.
    if (shapeIssue !== null && (part === null || part.index === 1)) this.rowIssues.set(shapeIssue, (this.rowIssues.get(shapeIssue) ?? 0) + 1);
    let issue: string | null = shapeIssue;
    if (part !== null) {
      if (part.count > 1) {
        if (part.index === 1) this.rowIssues.set("several_addresses", (this.rowIssues.get("several_addresses") ?? 0) + 1);
        issue = shapeIssue === null ? "several_addresses" : `${shapeIssue}|several_addresses`;
      }
      const howRead = describeCellPart(part);
      if (howRead !== null) detail = detail === "" ? howRead : `${howRead} ${detail}`;
    }

    // Both outputs start with the same original cells: format them once, or not at all
    // when the row's own text needs no change (one piece to copy instead of one per cell).
    const asWritten = raw !== null && fields.length === this.width;
    const original = asWritten ? raw : this.formatCells(fields);
    const d = this.delimiter;
    // Empty when invalid, the mail server having refused the mailbox included.
    const address = verdict === "invalid" ? null : analysis.normalized;
    // The very cell of a row written as it is needs no formatting either.
    const normalized = address === null ? "" : asWritten && address === fields[this.config.column.index] ? address : this.format(address);
    if (verdict === "valid" || (verdict === "risky" && this.config.includeRiskyInCleaned)) {
      this.config.cleaned.append(`${original}${d}${normalized}${this.newline}`);
    }
    // From the verdict to the line: the same text for most rows (valid, nothing to say).
    let judgement: string;
    if (verdict === "valid" && issue === null && part === null && detail === "") judgement = analysis.freeMail ? this.validFreeMail : this.validOther;
    else {
      const reasonCodes = reasons.length === 0 ? "" : reasons.length === 1 ? (reasons[0] ?? "") : reasons.join("|");
      const suggestion = analysis.suggestion === null ? "" : this.format(analysis.suggestion);
      const name = part?.displayName == null ? "" : this.format(part.displayName);
      const inCell = part === null || part.count === 1 ? "" : `${part.index} of ${part.count}`;
      judgement =
        `${d}${name}${d}${inCell}${d}${verdict}${d}${reasonCodes}${d}${this.format(detail)}${d}${suggestion}${d}` +
        `${verdict !== "invalid" && analysis.freeMail}${d}${issue ?? ""}${d}`;
    }
    this.config.report.append(`${original}${d}${normalized}${judgement}${line}${this.newline}`);
    if ((verdict === "invalid" || verdict === "risky") && this.wantsFlaggedRows && this.config.onFlaggedRow !== undefined) {
      this.flag(fields, analysis, verdict, reasons, detail, line, part);
    }
  }

  // Copies the strings: the parser's cells can be slices that keep a whole chunk of the file alive.
  private flag(
    fields: readonly string[],
    analysis: AddressAnalysis,
    verdict: "invalid" | "risky",
    reasons: readonly ReasonCode[],
    detail: string,
    line: number,
    part: CellPart | null,
  ): void {
    const cells = Array.from({ length: this.width }, (_, c) => copyString(fields[c] ?? ""));
    const cell = fields[this.config.column.index] ?? "";
    const wantsMore = this.config.onFlaggedRow?.({
      line,
      part: part?.index ?? 1,
      cells,
      address: copyString(part === null ? cell : (analysis.normalized ?? cell)),
      verdict,
      reasons: [...reasons],
      detail: copyString(detail),
      suggestion: analysis.suggestion,
    });
    if (wantsMore === false) this.wantsFlaggedRows = false;
  }

  // Pads short rows and drops cells past the header, so every output row lines up with
  // the header; the report's row_issue column says which rows were reshaped.
  private formatCells(fields: readonly string[]): string {
    let text = this.formatFirst(fields[0] ?? "");
    for (let c = 1; c < this.width; c++) text += this.delimiter + this.format(fields[c] ?? "");
    return text;
  }
}

// The report's words on how an address came out of its cell; null when that needs none
// (a name and one address: the name is in display_name).
function describeCellPart(part: CellPart): string | null {
  if (part.count > 1) {
    return `Address ${part.index} of ${part.count} in the cell, separated by “${part.separator?.trim() ?? ","}”: each has a row of its own.`;
  }
  return part.displayName === null ? "Read from the cell without what was written around the address." : null;
}

// An empty line, or a line of delimiters only (spreadsheets export trailing ",,,").
function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field !== "") return false;
  return true;
}

function applyDomainCheck(analysis: AddressAnalysis, result: DomainCheckResult | undefined): AddressAnalysis {
  if (analysis.verdict === "invalid" || result === undefined || result.verdict === "ok") return analysis;
  if (result.verdict === "invalid") {
    return {
      verdict: "invalid",
      reasons: [result.reason],
      message: reasonText[result.reason],
      suggestion: analysis.suggestion,
      normalized: null,
      domain: null,
      freeMail: false,
      lowerLocal: null,
      mailboxLocal: null,
      mailboxDomain: null,
    };
  }
  const reasons = [...analysis.reasons, result.reason];
  return { ...analysis, verdict: "risky", reasons, message: [analysis.message, reasonText[result.reason]].filter(Boolean).join(" ") };
}
