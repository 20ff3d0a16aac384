// The per-row loop: judge the address, catch repeats, count, and write the report and
// cleaned rows. Runs once per row of a file, so it avoids work it can skip (see comments).
import { type AddressAnalysis, analyzeAddress } from "./analyze-address";
import type { DomainCheckResult, DomainChecker } from "./check-domains";
import type { EmailColumn } from "./find-email-column";
import type { CsvBatch } from "./read-csv-batches";
import type { CsvFormat } from "./sniff-csv-format";
import { DomainBook } from "./domain-book";
import { DuplicateTracker } from "./track-duplicates";
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
    const { rows, lines, issues } = batch;
    const emailIndex = this.config.column.index;
    const checker = this.config.domainChecker;
    if (checker === null) {
      for (let i = start; i < rows.length; i++) {
        const fields = rows[i] ?? [];
        if (isBlank(fields)) this.blankRows++;
        else this.finishRow(fields, analyzeAddress(fields[emailIndex] ?? "", this.recordDomain), lines[i] ?? 0, issues?.get(i) ?? null);
      }
    } else {
      // With a network check: judge the batch, check its domains together, then finish.
      const analyses = new Array<AddressAnalysis | null>(rows.length).fill(null);
      for (let i = start; i < rows.length; i++) {
        const fields = rows[i] ?? [];
        if (isBlank(fields)) this.blankRows++;
        else analyses[i] = analyzeAddress(fields[emailIndex] ?? "", this.recordDomain);
      }
      const checks = await checker.checkAll(analyses);
      for (let i = start; i < rows.length; i++) {
        const analysis = analyses[i];
        if (analysis === null || analysis === undefined) continue;
        const checked = analysis.domain === null ? analysis : applyDomainCheck(analysis, checks.get(analysis.domain));
        this.finishRow(rows[i] ?? [], checked, lines[i] ?? 0, issues?.get(i) ?? null);
      }
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

  private finishRow(fields: readonly string[], analysis: AddressAnalysis, line: number, parseIssue: RowIssue | null): void {
    this.rows++;
    let verdict: Verdict = analysis.verdict;
    let reasons: readonly ReasonCode[] = analysis.reasons;
    let detail = analysis.message;
    if (analysis.verdict !== "invalid") {
      const repeat = this.duplicates.check(analysis, line);
      if (repeat.kind !== "first") {
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

    // Both outputs start with the same original cells: format them once.
    const original = this.formatCells(fields);
    const d = this.delimiter;
    const normalized = analysis.normalized === null ? "" : this.format(analysis.normalized);
    if (verdict === "valid" || (verdict === "risky" && this.config.includeRiskyInCleaned)) {
      this.config.cleaned.append(`${original}${d}${normalized}${this.newline}`);
    }
    const reasonCodes = reasons.length === 0 ? "" : reasons.length === 1 ? (reasons[0] ?? "") : reasons.join("|");
    this.config.report.append(
      `${original}${d}${normalized}${d}${verdict}${d}${reasonCodes}${d}${this.format(detail)}${d}` +
        `${analysis.suggestion === null ? "" : this.format(analysis.suggestion)}${d}${analysis.freeMail}${d}${issue ?? ""}${d}${line}${this.newline}`,
    );
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
