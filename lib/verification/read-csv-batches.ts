// Streams CSV records out of decoded text in batches, one per piece of text (~1,000
// rows of 64 KB), pulled as the caller asks for them, so memory stays bounded whatever
// the size of the file. Parsing itself is parse-csv-records.ts.
import { ContactListError } from "./contact-list-error";
import { type CsvRecords, CsvRecordParser } from "./parse-csv-records";
import { raceAbort } from "./race-abort";
import type { CsvFormat } from "./sniff-csv-format";

export type CsvBatch = CsvRecords;

// Longer than any contact: a quoted value this long is a stray quote (read as text from
// there on), and a line this long means the file is not a list at all (record_too_large).
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/**
 * Parse `text` (pieces of decoded text) into row batches. Waiting for the next piece
 * ends with the signal's reason when it aborts.
 */
export async function* readCsvBatches(text: AsyncIterator<string>, format: CsvFormat, signal?: AbortSignal): AsyncGenerator<CsvBatch> {
  const parser = new CsvRecordParser(format, MAX_RECORD_CHARS);
  for (;;) {
    const next = await raceAbort(text.next(), signal);
    if (next.done === true) break;
    const batch = parser.push(next.value);
    if (parser.pendingLength > MAX_RECORD_CHARS) {
      throw new ContactListError(
        "record_too_large",
        `Line ${parser.pendingLine} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB, far longer than any contact: ` +
          "the file does not look like a list with one contact a line.",
        { line: parser.pendingLine },
      );
    }
    if (batch.rows.length > 0) yield batch;
  }
  const last = parser.end();
  if (last.rows.length > 0) yield last;
}
