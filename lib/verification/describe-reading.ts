// How a file was read, in a sentence or two for the batch page: the column the addresses
// came from, the encoding and delimiter that were detected, and the rows that needed care.
// It is what a person checks first when the results surprise them.
import { type VerificationSummary, verificationSummarySchema } from "./verification-summary";

const encodingNames: Record<VerificationSummary["encoding"], string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 little-endian",
  "utf-16be": "UTF-16 big-endian",
  "windows-1252": "Latin-1 (Windows-1252)",
};

const delimiterNames: Record<VerificationSummary["delimiter"], string> = { ",": "commas", ";": "semicolons", "\t": "tabs" };

/** Null when `summary` is not a verification summary (a file that failed or is still running). */
export function describeReading(summary: unknown): string | null {
  const parsed = verificationSummarySchema.safeParse(summary);
  if (!parsed.success) return null;
  const { column, hasHeader, columns, encoding, bom, delimiter, rowIssues, blankRows, mailboxes, input } = parsed.data;

  // A list of addresses alone has no delimiter to speak of.
  const layout = columns === 1 ? "one column" : `values separated by ${delimiterNames[delimiter]}`;
  const from = `Addresses from ${describeColumn(column, hasHeader)}`;
  const sentences =
    input?.format === "xlsx"
      ? [`${from} of the sheet “${input.sheet ?? ""}”${hasHeader ? "" : ", no header row"}.`]
      : [
          `${unpacked(input)}${from}; read as ${encodingNames[encoding]}${bom ? " with a byte order mark" : ""}, ` +
            `${layout}${hasHeader ? "" : ", no header row"}.`,
        ];
  const quoting = (rowIssues.invalid_quotes ?? 0) + (rowIssues.missing_quotes ?? 0);
  const shape = (rowIssues.too_few_fields ?? 0) + (rowIssues.too_many_fields ?? 0);
  const problems = [
    quoting > 0 ? `${counted(quoting, "row")} with broken quotes` : null,
    shape > 0 ? `${counted(shape, "row")} with missing or extra cells` : null,
  ].filter((problem) => problem !== null);
  // Each part starts with its count, so the sentence needs no capital letter.
  if (problems.length > 0) sentences.push(`${problems.join(" and ")}: the full report's row_issue column marks them.`);
  const several = rowIssues.several_addresses ?? 0;
  if (several > 0) sentences.push(`${counted(several, "cell")} with several addresses: each address has a row of its own.`);
  if (blankRows > 0) sentences.push(`${counted(blankRows, "blank line")} skipped.`);
  if (mailboxes !== undefined) sentences.push(describeMailboxes(mailboxes));
  return sentences.join(" ");
}

function describeColumn(column: VerificationSummary["column"], hasHeader: boolean): string {
  const position = `column ${column.index + 1}`;
  if (column.detectedBy === "option") return hasHeader ? `the “${column.name}” column, as asked` : `${position}, as asked`;
  if (column.detectedBy === "header") return `the “${column.name}” column`;
  return hasHeader ? `the “${column.name}” column, whose values look like addresses` : `${position}, whose values look like addresses`;
}

// What the mail servers said (the optional SMTP check), the parts with a count only.
function describeMailboxes({ deliverable, undeliverable, full, catchAll, unknown }: NonNullable<VerificationSummary["mailboxes"]>): string {
  const asked = deliverable + undeliverable + full + catchAll + unknown;
  if (asked === 0) return "Mail servers checked: no address needed asking.";
  const parts = [
    deliverable > 0 ? `${deliverable.toLocaleString("en")} confirmed` : null,
    undeliverable > 0 ? `${undeliverable.toLocaleString("en")} ${undeliverable === 1 ? "does" : "do"} not exist` : null,
    full > 0 ? `${full.toLocaleString("en")} full` : null,
    catchAll > 0 ? `${catchAll.toLocaleString("en")} at domains that accept any address` : null,
    unknown > 0 ? `${unknown.toLocaleString("en")} could not be confirmed` : null,
  ].filter((part) => part !== null);
  return `Mail servers asked about ${counted(asked, "mailbox").replace(/mailboxs$/, "mailboxes")}: ${parts.join(", ")}.`;
}

function unpacked(input: VerificationSummary["input"]): string {
  if (input?.format === "gzip") return "Unpacked from gzip. ";
  if (input?.format === "zip") return `Read “${input.entry ?? ""}” from the zip. `;
  return "";
}

function counted(count: number, noun: string): string {
  return count === 1 ? `1 ${noun}` : `${count.toLocaleString("en")} ${noun}s`;
}
