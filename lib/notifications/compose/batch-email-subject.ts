// Subjects of the batch outcome emails: the key numbers, so the inbox list alone says
// how it went. English copy, English number format ("9,812").

export type BatchEmailSubjectInput = Readonly<{
  outcome: "completed" | "partial" | "failed";
  files: readonly Readonly<{ name: string; status: "completed" | "failed" | "cancelled" }>[];
  /** Rows over the completed files. */
  rows: number;
  /** Valid rows over the completed files. */
  valid: number;
}>;

const countFormat = new Intl.NumberFormat("en-US");
const count = (value: number) => countFormat.format(value);

/** Longest file name put into a subject; longer ones are cut with "…". */
export const MAX_SUBJECT_FILE_NAME = 60;

/**
 * - completed, one file: `contacts.csv: 9,812 valid of 10,000`
 * - completed, several: `3 files: 9,812 valid of 10,000 rows`
 * - partial: `contacts.csv and 2 more: 1 of 3 files failed`
 * - failed: `contacts.csv could not be processed` (`… and 2 more could not be processed`)
 */
export function batchEmailSubject(input: BatchEmailSubjectInput): string {
  const { outcome, files } = input;
  const total = files.length;
  const title = filesTitle(files);
  switch (outcome) {
    case "completed":
      return total === 1
        ? `${title}: ${count(input.valid)} valid of ${count(input.rows)}`
        : `${count(total)} files: ${count(input.valid)} valid of ${count(input.rows)} rows`;
    case "partial": {
      const failed = files.filter((file) => file.status === "failed").length;
      const cancelled = files.filter((file) => file.status === "cancelled").length;
      const parts = [failed > 0 ? `${count(failed)} of ${count(total)} files failed` : null];
      if (cancelled > 0) parts.push(failed > 0 ? `${count(cancelled)} cancelled` : `${count(cancelled)} of ${count(total)} files cancelled`);
      return `${title}: ${parts.filter(Boolean).join(", ")}`;
    }
    case "failed":
      return `${title} could not be processed`;
  }
}

/** "contacts.csv", "contacts.csv and 2 more"; "Your batch" when there are no files. */
function filesTitle(files: BatchEmailSubjectInput["files"]): string {
  const [first] = files;
  if (first === undefined) return "Your batch";
  const name = subjectSafe(first.name);
  return files.length === 1 ? name : `${name} and ${count(files.length - 1)} more`;
}

/** No line breaks or other control characters in a header; bounded length. */
export function subjectSafe(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]+/g, " ").trim() || "Unnamed file";
  const chars = Array.from(clean);
  return chars.length > MAX_SUBJECT_FILE_NAME ? `${chars.slice(0, MAX_SUBJECT_FILE_NAME - 1).join("")}…` : clean;
}
