// What processing a contact list reports back: stored with the job, shown on the batch
// page, sent in the finished email. A schema because it crosses into the database.
import { z } from "zod";
import { reasonCodeSchema } from "./verdicts";

export const rowIssueSchema = z.enum(["too_few_fields", "too_many_fields", "invalid_quotes", "missing_quotes", "several_addresses"]);
export type RowIssue = z.infer<typeof rowIssueSchema>;

const count = z.number().int().nonnegative();

export const verificationSummarySchema = z.object({
  /**
   * Rows judged: the header and blank lines are not rows, and a cell holding several
   * addresses makes a row of each (rowIssues.several_addresses counts such cells).
   */
  rows: count,
  blankRows: count,
  verdicts: z.object({ valid: count, risky: count, invalid: count, duplicate: count }),
  /** Rows per reason; a risky row with two reasons counts under both. */
  reasons: z.partialRecord(reasonCodeSchema, count),
  /** Valid or risky rows at consumer mailbox providers (gmail.com, …). */
  freeMail: count,
  /**
   * What the domains' mail servers said, per address asked (the SMTP check, when on; absent
   * otherwise). Repeats and addresses already invalid are not asked.
   */
  mailboxes: z.object({ deliverable: count, undeliverable: count, full: count, catchAll: count, unknown: count }).optional(),
  /** Lines of the file with a structural problem (ragged, bad quoting, several addresses in the cell), by kind. Never fatal. */
  rowIssues: z.partialRecord(rowIssueSchema, count),
  topDomains: z.array(z.object({ domain: z.string(), count })).max(10),
  /** True when the file had so many distinct domains that the tail was not counted exactly. */
  topDomainsApproximate: z.boolean(),
  column: z.object({ index: count, name: z.string(), detectedBy: z.enum(["option", "header", "values"]) }),
  hasHeader: z.boolean(),
  /** Cells in the header row (the first row when there is none). Absent from summaries written before it was recorded. */
  columns: count.optional(),
  encoding: z.enum(["utf-8", "utf-16le", "utf-16be", "windows-1252"]),
  bom: z.boolean(),
  delimiter: z.enum([",", ";", "\t"]),
  /** Bytes of the file as stored (packed, for a .gz, .zip or .xlsx). */
  bytes: count,
  /** For a packed file: what it was and what was read from it. Absent for a plain text list. */
  input: z
    .object({
      format: z.enum(["xlsx", "zip", "gzip"]),
      /** The workbook sheet that was read. */
      sheet: z.string().nullable().optional(),
      /** The zip entry that was read. */
      entry: z.string().nullable().optional(),
    })
    .optional(),
});
export type VerificationSummary = z.infer<typeof verificationSummarySchema>;

/** Columns added after the original ones in the report CSV, in order. */
export const reportColumns = ["normalized_email", "display_name", "address_in_cell", "verdict", "reason", "detail", "suggestion", "free_mail", "row_issue", "line"] as const;
/** Column added after the original ones in the cleaned CSV. */
export const cleanedColumns = ["normalized_email"] as const;

/**
 * Columns a report download ends with once a row of its file was fixed by hand in the app
 * (REPORT_FIX_COLUMNS in lib/results/export-results.ts); the stored report has none.
 */
export const reportFixColumnText = {
  changed_by_hand: "Only in reports of files with rows fixed in the app: how the row was fixed (accepted suggestion, edited, marked valid); empty on the other rows.",
  fixed_email: "Only with changed_by_hand: the address the row was fixed to, the one in the corrected list.",
} as const;

/** What each column the report adds holds, for the API page. */
export const reportColumnText: Record<(typeof reportColumns)[number], string> = {
  normalized_email:
    "The address to send to: the part before the @ as written (Unicode NFC), then the domain in lower case, international names in punycode. Empty when invalid.",
  display_name: "The name written with the address in the cell, as in “Jane Doe <jane@example.net>”; empty when there is none.",
  address_in_cell: "For a cell that holds several addresses, which one this row is (“2 of 3”); empty otherwise.",
  verdict: "valid, risky, invalid or duplicate.",
  reason: "The reason codes below, separated by | when there are several. Empty when valid, except for the note mailbox_unknown.",
  detail: "The reasons in words, such as “Same address as line 12.”; with SMTP checks on, also what the mail server said.",
  suggestion: "A corrected address when the domain looks like a typo (gmial.com → gmail.com) or a comment is in the way.",
  free_mail: "true when the address is at a consumer mail provider (gmail.com, outlook.com, …).",
  row_issue: "What was special about the row itself, if anything (see below), separated by | when there are several.",
  line: "The line of the file the row starts on; a quoted value may span lines.",
};

/** What each row issue means and what the outputs did about it. */
export const rowIssueText: Record<RowIssue, string> = {
  too_few_fields: "The row has fewer cells than the header. Both outputs pad it with empty cells.",
  too_many_fields: "The row has more cells than the header. Both outputs leave out the extra ones.",
  invalid_quotes: "A quoted value closes badly, as in \"Ann\" Smith. The quote is kept as text; the rows after it are not affected.",
  missing_quotes: "A quote is never closed on its line. It is read as text and the row ends at its line break.",
  several_addresses:
    "The email cell holds several addresses (separated by “ ::: ”, “;” or “,”). None is dropped: each gets a row of its own in both files, " +
    "the other cells repeated, and address_in_cell says which one it is.",
};
