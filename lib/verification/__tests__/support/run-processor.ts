// Runs the real processor on text or bytes and collects both outputs, parsed back, for
// the processContactList test files.
import { PassThrough, Readable } from "node:stream";
import Papa from "papaparse";
import { expect } from "vitest";
import { ContactListError } from "../../contact-list-error";
import { type ProcessContactListOptions, processContactList } from "../../process-contact-list";

export type Run = {
  summary: Awaited<ReturnType<typeof processContactList>>;
  cleaned: string;
  report: string;
  /** Report rows keyed by header, header row excluded. */
  reportRows: Record<string, string>[];
  cleanedRows: string[][];
};

export function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

export function toStream(input: string | Buffer | readonly Buffer[]): Readable {
  if (typeof input === "string") return Readable.from([Buffer.from(input, "utf8")]);
  return Readable.from(Buffer.isBuffer(input) ? [input] : [...input]);
}

export async function run(input: string | Buffer | readonly Buffer[], options: Partial<ProcessContactListOptions> = {}): Promise<Run> {
  const cleaned = collect();
  const report = collect();
  const summary = await processContactList(toStream(input), { cleaned: cleaned.stream, report: report.stream, ...options });
  const reportText = report.text();
  const delimiter = summary.delimiter;
  const withoutBom = (text: string) => text.replace(/^\uFEFF/, "");
  return {
    summary,
    cleaned: cleaned.text(),
    report: reportText,
    reportRows: Papa.parse<Record<string, string>>(withoutBom(reportText), { header: true, delimiter, skipEmptyLines: true }).data,
    cleanedRows: Papa.parse<string[]>(withoutBom(cleaned.text()), { delimiter, skipEmptyLines: true }).data,
  };
}

export async function failure(input: string | Buffer | readonly Buffer[], options: Partial<ProcessContactListOptions> = {}): Promise<ContactListError> {
  const error = await run(input, options).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ContactListError);
  return error as ContactListError;
}
