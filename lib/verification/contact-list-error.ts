// Why a whole file cannot be verified. Row-level problems are never errors: they are
// reported per row. The message is written for the person who uploaded the file and
// is safe to show as is; `code` is stable for the UI, API and job records.
import { z } from "zod";

export const contactListErrorCodeSchema = z.enum([
  "empty_file",
  "not_text",
  "no_email_column",
  // A record that never ends: almost always an opening quote that is never closed.
  "record_too_large",
  // Packed files (.xlsx, .zip, .gz): damaged, unpacking past the size limit, or not one list.
  "unreadable_file",
  "unpacked_too_large",
  "archive_no_list",
  "archive_several_lists",
  // The workbook has no sheet by the name or number the upload asked for; details.sheets lists them.
  "sheet_not_found",
]);
export type ContactListErrorCode = z.infer<typeof contactListErrorCodeSchema>;

export class ContactListError extends Error {
  constructor(
    readonly code: ContactListErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = "ContactListError";
  }
}

export function isContactListError(error: unknown): error is ContactListError {
  return error instanceof ContactListError;
}
