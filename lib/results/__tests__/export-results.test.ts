// Result downloads made from the real processor's reports: the cleaned list with and
// without risky rows, duplicates across the files of a batch in upload order, and the
// merged list's columns.
import { PassThrough, Readable } from "node:stream";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { run } from "@/lib/verification/__tests__/support/run-processor";
import { type ExportRequest, type ExportSource, exportResults } from "../export-results";
import { CsvTableWriter } from "../table-writer";

async function source(name: string, csv: string): Promise<ExportSource> {
  const { report, summary } = await run(csv);
  return { name, delimiter: summary.delimiter, columns: summary.columns, openReport: () => Readable.from([Buffer.from(report, "utf8")]) };
}

async function exported(request: ExportRequest): Promise<Record<string, string>[]> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  await exportResults(request, new CsvTableWriter(stream, { delimiter: ",", bom: false, newline: "\r\n" }));
  const text = Buffer.concat(chunks).toString("utf8");
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

const CRM_A = "email,name,phone\nann@acme-mail.com,Ann,+44 20 7946 0958\ninfo@acme-mail.com,Front desk,\nbad-address,Nobody,\n";
const CRM_B = "Name,Email,Company\nBob,bob@acme-mail.com,Acme\nAnn again,ANN@acme-mail.com,Acme\nBob,bob@acme-mail.com,Acme\n";

describe("a file's cleaned list", () => {
  it("keeps valid rows only by default, risky ones too when asked, and the data as uploaded", async () => {
    const sources = [await source("a.csv", CRM_A)];
    const base = { kind: "cleaned", sources, target: 0 } as const;
    const validOnly = await exported({ ...base, keepRisky: false });
    expect(validOnly).toEqual([{ email: "ann@acme-mail.com", name: "Ann", phone: "+44 20 7946 0958", normalized_email: "ann@acme-mail.com" }]);
    const withRisky = await exported({ ...base, keepRisky: true });
    expect(withRisky.map((row) => row.email)).toEqual(["ann@acme-mail.com", "info@acme-mail.com"]);
  });
});

describe("reading a stored result back", () => {
  it("reads a report written with CRLF, semicolons, a byte order mark and quoted line breaks", async () => {
    const sources = [await source("excel.csv", '\uFEFFE-mail;Notiz\r\nann@acme-mail.com;"zwei\r\nZeilen; mit Semikolon"\r\nbo@acme-mail.com;=SUMME(1)\r\n')];
    expect(sources[0]?.delimiter).toBe(";");
    const cleaned = await exported({ kind: "cleaned", keepRisky: false, sources, target: 0 });
    expect(cleaned).toEqual([
      { "E-mail": "ann@acme-mail.com", Notiz: "zwei\r\nZeilen; mit Semikolon", normalized_email: "ann@acme-mail.com" },
      { "E-mail": "bo@acme-mail.com", Notiz: "'=SUMME(1)", normalized_email: "bo@acme-mail.com" },
    ]);
  });
});

describe("one batch, one list", () => {
  it("reports a row whose address an earlier file had as a duplicate of that file and line, whichever order the files finished in", async () => {
    const sources = [await source("crm-a.csv", CRM_A), await source("crm-b.csv", CRM_B)];
    const report = await exported({ kind: "report", keepRisky: false, sources, target: 1 });
    expect(report.map((row) => [row.Email, row.verdict, row.reason, row.detail])).toEqual([
      ["bob@acme-mail.com", "valid", "", ""],
      ["ANN@acme-mail.com", "duplicate", "duplicate", "Same address as line 2 of crm-a.csv."],
      ["bob@acme-mail.com", "duplicate", "duplicate", "Same address as line 2."],
    ]);
    const cleaned = await exported({ kind: "cleaned", keepRisky: false, sources, target: 1 });
    expect(cleaned.map((row) => row.Email)).toEqual(["bob@acme-mail.com"]);
    // The first file is judged on its own: nothing before it.
    const first = await exported({ kind: "report", keepRisky: false, sources, target: 0 });
    expect(first.map((row) => row.verdict)).toEqual(["valid", "risky", "invalid"]);
  });

  it("calls another spelling of the same mailbox in an earlier file an alias duplicate", async () => {
    const sources = [await source("a.csv", "email\nj.doe@gmail.com\n"), await source("b.csv", "email\njdoe+news@gmail.com\nj.doe@gmail.com\n")];
    const report = await exported({ kind: "report", keepRisky: false, sources, target: 1 });
    expect(report.map((row) => [row.reason, row.detail])).toEqual([
      ["alias_duplicate", "Same mailbox as line 2 of a.csv: the provider delivers both spellings to one inbox."],
      ["alias_duplicate", "Same mailbox as line 2: the provider delivers both spellings to one inbox."],
    ]);
  });

  it("merges every file into one list: columns by name in order of appearance, a source_file column, each address once", async () => {
    const sources = [await source("crm-a.csv", CRM_A), await source("crm-b.csv", CRM_B)];
    const merged = await exported({ kind: "cleaned", keepRisky: true, sources, target: "merged" });
    expect(Object.keys(merged[0] ?? {})).toEqual(["email", "name", "phone", "Name", "Email", "Company", "normalized_email", "source_file"]);
    expect(merged.map((row) => [row.normalized_email, row.source_file, row.phone, row.Company])).toEqual([
      ["ann@acme-mail.com", "crm-a.csv", "+44 20 7946 0958", ""],
      ["info@acme-mail.com", "crm-a.csv", "", ""],
      ["bob@acme-mail.com", "crm-b.csv", "", "Acme"],
    ]);
    const report = await exported({ kind: "report", keepRisky: false, sources, target: "merged" });
    expect(report).toHaveLength(6);
    expect(report.filter((row) => row.verdict === "duplicate").map((row) => row.source_file)).toEqual(["crm-b.csv", "crm-b.csv"]);
  });
});
