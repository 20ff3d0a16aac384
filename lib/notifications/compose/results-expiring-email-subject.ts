// The subject of a results-expiring reminder, with the day on the recipient's clock.
import { subjectBatchTitle } from "./batch-title";

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "March 6" on the recipient's clock; an unknown zone (bad data) reads as UTC rather than failing the email. */
function dayInZone(instant: Date | string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", timeZone });
    } catch {
      format = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", timeZone: "UTC" });
    }
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/** `Results of contacts.csv are deleted on March 6` — the day on the recipient's clock. */
export function resultsExpiringEmailSubject(input: Readonly<{ fileNames: readonly string[]; deletesAt: Date | string }>, timeZone: string): string {
  return `Results of ${subjectBatchTitle(input.fileNames)} are deleted on ${dayInZone(input.deletesAt, timeZone)}`;
}
