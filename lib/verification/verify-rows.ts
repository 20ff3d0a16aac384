// The per-row loop: judge the address, catch repeats, count, and write the report and
// cleaned rows. Runs once per row of a file, so it avoids work it can skip (see comments).
import { type AddressAnalysis, analyzeAddress } from "./analyze-address";
import type { DomainCheckResult, DomainChecker } from "./check-domains";
import type { EmailColumn } from "./find-email-column";
import type { CsvBatch } from "./read-csv-batches";
import type { CsvFormat } from "./sniff-csv-format";
import { DomainBook } from "./domain-book";
import { type DuplicateCheck, DuplicateTracker } from "./track-duplicates";
import type { ReasonCode, Verdict } from "./verdicts";
import { reasonText } from "./verdicts";
import type { RowIssue, VerificationSummary } from "./verification-summary";
import { cleanedColumns, reportColumns } from "./verification-summary";
import { type CellFormatter, createCellFormatter, type CsvOutput } from "./write-csv";

export type RowVerifierConfig = {
  readonly column: EmailColumn;
  readonly format: CsvFormat;
  readonly cleaned: CsvOutput;
  readonly report: CsvOutput;
  readonly includeRiskyInCleaned: boolean;
  readonly domainChecker: DomainChecker | null;
  /** Rows expected in the file, estimated from its size; 0 when unknown. */
  readonly expectedRows: number;
};

type RowCounts = Pick<VerificationSummary, "rows" | "blankRows" | "verdicts" | "reasons" | "freeMail" | "rowIssues">;

export class RowVerifier {
  private readonly format: CellFormatter;
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

  constructor(private readonly config: RowVerifierConfig) {
    this.format = createCellFormatter(config.format.delimiter);
    this.delimiter = config.format.delimiter;
    this.newline = config.format.newline === "\r" ? "\r\n" : config.format.newline;
    this.width = config.column.headerCells.length;
    const d = this.delimiter;
    this.validFreeMail = `${d}valid${d}${d}${d}${d}true${d}${d}`;
    this.validOther = `${d}valid${d}${d}${d}${d}false${d}${d}`;
    this.duplicates = new DuplicateTracker(config.expectedRows);
  }

  get rowCount(): number {
    return this.rows;
  }

  writeHeaders(withBom: boolean): void {
    const bom = withBom ? "\uFEFF" : "";
    const original = this.formatCells(this.config.column.headerCells);
    this.config.cleaned.append(`${bom}${original}${this.delimiter}${cleanedColumns.join(this.delimiter)}${this.newline}`);
    this.config.report.append(`${bom}${original}${this.delimiter}${reportColumns.join(this.delimiter)}${this.newline}`);
  }

  /** Verify the rows of `batch` from index `start` on, then flush outputs if their buffers are full. */
  async verifyBatch(batch: CsvBatch, start: number): Promise<void> {
    const { rows, raws, lines, issues } = batch;
    const emailIndex = this.config.column.index;
    // In steps over the whole batch: judge every address, check domains over the network
    // (when configured) all at once, find repeats all at once (see DuplicateTracker.checkAll),
    // then count and write each row.
    const analyses = new Array<AddressAnalysis | null>(rows.length).fill(null);
    for (let i = start; i < rows.length; i++) {
      const fields = rows[i] ?? [];
      if (isBlank(fields)) this.blankRows++;
      else analyses[i] = analyzeAddress(fields[emailIndex] ?? "", this.recordDomain);
    }
    const checker = this.config.domainChecker;
    if (checker !== null) {
      const checks = await checker.checkAll(analyses);
      for (let i = start; i < rows.length; i++) {
        const analysis = analyses[i];
        if (analysis !== null && analysis !== undefined && analysis.domain !== null) analyses[i] = applyDomainCheck(analysis, checks.get(analysis.domain));
      }
    }
    const repeats = this.duplicates.checkAll(
      analyses.map((analysis) => (analysis === null || analysis.verdict === "invalid" ? null : analysis)),
      lines,
    );
    for (let i = start; i < rows.length; i++) {
      const analysis = analyses[i];
      if (analysis === null || analysis === undefined) continue;
      this.finishRow(rows[i] ?? [], raws[i] ?? null, analysis, repeats[i] ?? null, lines[i] ?? 0, issues?.get(i) ?? null);
    }
    await this.config.cleaned.flushIfFull();
    await this.config.report.flushIfFull();
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
  ): void {
    this.rows++;
    let verdict: Verdict = analysis.verdict;
    let reasons: readonly ReasonCode[] = analysis.reasons;
    let detail = analysis.message;
    if (analysis.verdict !== "invalid") {
      if (repeat !== null && repeat.kind !== "first") {
        verdict = "duplicate";
        reasons = [repeat.kind];
        detail =
          repeat.kind === "duplicate"
            ? `Same address as line ${repeat.firstLine}.`
            : `Same mailbox as line ${repeat.firstLine}: the provider delivers both spellings to one inbox.`;
      }
      if (analysis.freeMail) this.freeMail++;
    }
    this.verdicts[verdict]++;
    for (const reason of reasons) this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    const issue = parseIssue ?? (fields.length < this.width ? "too_few_fields" : fields.length > this.width ? "too_many_fields" : null);
    if (issue !== null) this.rowIssues.set(issue, (this.rowIssues.get(issue) ?? 0) + 1);

    // Both outputs start with the same original cells: format them once, or not at all
    // when the row's own text needs no change (one piece to copy instead of one per cell).
    const asWritten = raw !== null && fields.length === this.width;
    const original = asWritten ? raw : this.formatCells(fields);
    const d = this.delimiter;
    const address = analysis.normalized;
    // The very cell of a row written as it is needs no formatting either.
    const normalized = address === null ? "" : asWritten && address === fields[this.config.column.index] ? address : this.format(address);
    if (verdict === "valid" || (verdict === "risky" && this.config.includeRiskyInCleaned)) {
      this.config.cleaned.append(`${original}${d}${normalized}${this.newline}`);
    }
    // From the verdict to the line: the same text for most rows (valid, nothing to say).
    let judgement: string;
    if (verdict === "valid" && issue === null) judgement = analysis.freeMail ? this.validFreeMail : this.validOther;
    else {
      const reasonCodes = reasons.length === 0 ? "" : reasons.length === 1 ? (reasons[0] ?? "") : reasons.join("|");
      const suggestion = analysis.suggestion === null ? "" : this.format(analysis.suggestion);
      judgement = `${d}${verdict}${d}${reasonCodes}${d}${this.format(detail)}${d}${suggestion}${d}${analysis.freeMail}${d}${issue ?? ""}${d}`;
    }
    this.config.report.append(`${original}${d}${normalized}${judgement}${line}${this.newline}`);
  }

  // Pads short rows and drops cells past the header, so every output row lines up with
  // the header; the report's row_issue column says which rows were reshaped.
  private formatCells(fields: readonly string[]): string {
    let text = this.format(fields[0] ?? "");
    for (let c = 1; c < this.width; c++) text += this.delimiter + this.format(fields[c] ?? "");
    return text;
  }
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
