// The subject of a digest email, from the counts it carries.
import { subjectBatchTitle } from "./batch-title";

const countFormat = new Intl.NumberFormat("en-US");
const counted = (value: number, one: string, many: string) => `${countFormat.format(value)} ${value === 1 ? one : many}`;

export type DigestSubjectInput = Readonly<{
  batches: readonly Readonly<{ valid: number }>[];
  expiring: readonly Readonly<{ fileNames: readonly string[] }>[];
}>;

/**
 * - `Your Tidings digest: 3 batches, 28,410 valid rows`
 * - with reminders: `Your Tidings digest: 3 batches, 28,410 valid rows; results of 1 batch deleted soon`
 * - reminders only: `Your Tidings digest: results of contacts.csv deleted soon` (`… of 2 batches …`)
 */
export function digestEmailSubject({ batches, expiring }: DigestSubjectInput): string {
  const valid = batches.reduce((sum, batch) => sum + batch.valid, 0);
  const finished = batches.length > 0 ? `${counted(batches.length, "batch", "batches")}, ${counted(valid, "valid row", "valid rows")}` : null;
  const [onlyReminder] = expiring;
  const named = expiring.length === 1 && finished === null && onlyReminder ? subjectBatchTitle(onlyReminder.fileNames) : null;
  const reminders = expiring.length === 0 ? null : `results of ${named ?? counted(expiring.length, "batch", "batches")} deleted soon`;
  return `Your Tidings digest: ${[finished, reminders].filter(Boolean).join("; ")}`;
}
