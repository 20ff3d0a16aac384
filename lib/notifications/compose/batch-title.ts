// How notifications name a batch in a list or a subject: by its files.
import { subjectSafe } from "./batch-email-subject";

const countFormat = new Intl.NumberFormat("en-US");

/** "contacts.csv", "contacts.csv and 2 more"; "Your batch" when there are no files. */
export function batchTitle(fileNames: readonly string[]): string {
  const [first] = fileNames;
  if (first === undefined) return "Your batch";
  return fileNames.length === 1 ? first : `${first} and ${countFormat.format(fileNames.length - 1)} more`;
}

/** The same inside a sentence of a subject line: no control characters, a long first name cut short. */
export function subjectBatchTitle(fileNames: readonly string[]): string {
  const [first] = fileNames;
  if (first === undefined) return "your batch";
  const name = subjectSafe(first);
  return fileNames.length === 1 ? name : `${name} and ${countFormat.format(fileNames.length - 1)} more`;
}
