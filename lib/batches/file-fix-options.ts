// What can help a file that did not give the result its owner wanted. A retry helps
// only when processing itself failed (a crash, a timeout, storage away); a file without
// a recognisable email column fails the same way every time, but choosing the column
// fixes it; an empty or binary file needs a new upload.
import type { FileStatus } from "../db/generated/client";

type FileOutcome = { readonly status: FileStatus; readonly errorCode: string | null };

// Failures of the file's content that no retry can change: every ContactListError code (an
// empty or binary file, no email column, a damaged or oversized archive, a sheet that is not
// there). Listed, not imported: queuing a retry must not load the verification code
// (lib/__tests__/import-graph.test.ts); a test checks the list has every code.
const CONTENT_FAILURES = new Set([
  "empty_file",
  "not_text",
  "no_email_column",
  "record_too_large",
  "unreadable_file",
  "unpacked_too_large",
  "archive_no_list",
  "archive_several_lists",
  "sheet_not_found",
]);

/** A failed file whose failure was not about its content: running it again may succeed. */
export function canRetryFile({ status, errorCode }: FileOutcome): boolean {
  return status === "failed" && (errorCode === null || !CONTENT_FAILURES.has(errorCode));
}

/** Running the file with a column its owner picks can help: none was found, or the one found was wrong. */
export function canPickColumn({ status, errorCode }: FileOutcome): boolean {
  return (status === "failed" && errorCode === "no_email_column") || status === "completed";
}
