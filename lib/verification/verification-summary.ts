// What processing a contact list reports back: stored with the job, shown on the batch
// page, sent in the finished email. A schema because it crosses into the database.
import { z } from "zod";
import { reasonCodeSchema } from "./verdicts";

export const rowIssueSchema = z.enum(["too_few_fields", "too_many_fields", "invalid_quotes", "missing_quotes"]);
export type RowIssue = z.infer<typeof rowIssueSchema>;

const count = z.number().int().nonnegative();

export const verificationSummarySchema = z.object({
  /** Data rows verified: the header and blank lines are not rows. */
  rows: count,
  blankRows: count,
  verdicts: z.object({ valid: count, risky: count, invalid: count, duplicate: count }),
  /** Rows per reason; a risky row with two reasons counts under both. */
  reasons: z.partialRecord(reasonCodeSchema, count),
  /** Valid or risky rows at consumer mailbox providers (gmail.com, …). */
  freeMail: count,
  /** Rows with a structural problem (ragged, bad quoting), by kind. Never fatal. */
  rowIssues: z.partialRecord(rowIssueSchema, count),
  topDomains: z.array(z.object({ domain: z.string(), count })).max(10),
  /** True when the file had so many distinct domains that the tail was not counted exactly. */
  topDomainsApproximate: z.boolean(),
  column: z.object({ index: count, name: z.string(), detectedBy: z.enum(["option", "header", "values"]) }),
  hasHeader: z.boolean(),
  encoding: z.enum(["utf-8", "utf-16le", "utf-16be", "windows-1252"]),
  bom: z.boolean(),
  delimiter: z.enum([",", ";", "\t"]),
  bytes: count,
});
export type VerificationSummary = z.infer<typeof verificationSummarySchema>;

/** Columns added after the original ones in the report CSV, in order. */
export const reportColumns = ["normalized_email", "verdict", "reason", "detail", "suggestion", "free_mail", "row_issue", "line"] as const;
/** Column added after the original ones in the cleaned CSV. */
export const cleanedColumns = ["normalized_email"] as const;
