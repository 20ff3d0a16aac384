// How far the worker is through a workbook, in bytes of the stored file (the unit of the
// progress bar: bytes processed of the file's size). A CSV is read once, so its bytes
// read are its progress. A workbook saved as Excel saves it (the sheet before the shared
// strings its cells point into) is read twice: exceljs unzips the whole file, parking the
// sheet's XML in a temporary file, and only then parses that file, which is where the
// rows are verified. Counting the stored bytes alone, the bar would sit at 99 % for that
// second pass, most of the time. So the zip pass fills the first ZIP_PASS_SHARE of the
// bar until the sheet is known to stream straight from the zip (then the stored bytes
// are the progress again), and the parked sheet's bytes read fill the rest.
import type { ParkedSheet } from "./read-xlsx-batches";

/**
 * Share of the bar for unzipping a workbook whose sheet is parked. Measured here on a
 * 150,000-row sheet with two distinct texts a row (many shared strings, the slow case
 * for the zip pass): the sheet was found after 30 % of the time. Fewer distinct texts
 * make the zip pass shorter, so the bar then moves a bit faster early on, never back.
 */
export const ZIP_PASS_SHARE = 0.3;

export class WorkbookProgress {
  /** Data rows verified so far. */
  rows = 0;
  private sheet: "unknown" | "from-zip" | ParkedSheet = "unknown";

  /** `stored` counts the bytes of the stored file read so far. */
  constructor(private readonly stored: { readonly bytes: number }) {}

  /** The sheet to read was found: streaming from the zip (null), or from its parked file. */
  sheetFound(parked: ParkedSheet | null): void {
    this.sheet = parked ?? "from-zip";
  }

  /** Progress in bytes of the stored file: never more than the bytes read, never backwards. */
  get bytes(): number {
    const stored = this.stored.bytes;
    if (this.sheet === "from-zip") return stored;
    const zipPass = Math.floor(stored * ZIP_PASS_SHARE);
    if (this.sheet === "unknown") return zipPass;
    const { size, bytesRead } = this.sheet;
    const parsed = size === 0 ? 1 : Math.min(1, bytesRead() / size);
    return zipPass + Math.floor((stored - zipPass) * parsed);
  }
}
