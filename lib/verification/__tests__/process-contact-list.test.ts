// CSV edge cases, generated here, through the real processor: encodings, delimiters,
// quoting, ragged rows, injection, finding the email column and files that cannot be
// processed. The streaming contract is in process-contact-list-streaming.test.ts.
import { describe, expect, it } from "vitest";
import { verificationSummarySchema } from "../verification-summary";
import { failure, run } from "./support/run-processor";

describe("processContactList: results", () => {
  it("writes a cleaned CSV of valid rows and a report of every row, and a summary that adds up", async () => {
    const csv = [
      "Name,Email Address,Phone",
      "Ann,ann@acme.com,1",
      "Bob,bob@mailinator.com,2",
      "Cy,not-an-address,3",
      "Di,ANN@acme.com,4",
      "Ed,e.d@gmail.com,5",
      "Ed,ed+x@googlemail.com,6",
      "Fi,info@acme.com,7",
      "",
    ].join("\n");
    const { summary, reportRows, cleanedRows } = await run(csv);

    expect(cleanedRows).toEqual([
      ["Name", "Email Address", "Phone", "normalized_email"],
      ["Ann", "ann@acme.com", "1", "ann@acme.com"],
      ["Ed", "e.d@gmail.com", "5", "e.d@gmail.com"],
    ]);
    expect(reportRows.map((row) => [row["Email Address"], row.verdict, row.reason, row.line])).toEqual([
      ["ann@acme.com", "valid", "", "2"],
      ["bob@mailinator.com", "risky", "disposable", "3"],
      ["not-an-address", "invalid", "missing_at", "4"],
      ["ANN@acme.com", "duplicate", "duplicate", "5"],
      ["e.d@gmail.com", "valid", "", "6"],
      ["ed+x@googlemail.com", "duplicate", "alias_duplicate", "7"],
      ["info@acme.com", "risky", "role_account", "8"],
    ]);
    expect(reportRows[5]?.detail).toContain("line 6");
    expect(reportRows[4]?.free_mail).toBe("true");

    expect(verificationSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({
      rows: 7,
      verdicts: { valid: 2, risky: 2, invalid: 1, duplicate: 2 },
      reasons: { disposable: 1, missing_at: 1, duplicate: 1, alias_duplicate: 1, role_account: 1 },
      freeMail: 2,
      column: { index: 1, name: "Email Address", detectedBy: "header" },
      hasHeader: true,
      encoding: "utf-8",
      bom: false,
      delimiter: ",",
    });
    expect(summary.topDomains[0]).toEqual({ domain: "acme.com", count: 3 });
    expect(summary.topDomains.map((entry) => entry.domain)).toEqual(["acme.com", "gmail.com", "googlemail.com", "mailinator.com"]);
  });

  it("puts risky rows in the cleaned CSV only when asked", async () => {
    const csv = "email\nann@acme.com\ninfo@acme.com\n";
    expect((await run(csv)).cleanedRows).toHaveLength(2);
    expect((await run(csv, { includeRiskyInCleaned: true })).cleanedRows).toHaveLength(3);
  });

  it("neutralises cells a spreadsheet would run as formulas, in both outputs (OWASP)", async () => {
    const csv = [
      "email,note",
      'ann@acme.com,"=HYPERLINK(""http://evil"",""x"")"',
      "bob@acme.com,+1 555 0100",
      "cy@acme.com,-2+3",
      "di@acme.com,@SUM(A1)",
      'ed@acme.com,"\tx"',
      'fi@acme.com,"\rx"',
      "=1+1@acme.com,plain",
    ].join("\n");
    const { reportRows, cleanedRows, cleaned } = await run(csv);
    // A phone number is data, not a formula: it comes out as it went in (issue 15).
    expect(reportRows.map((row) => row.note)).toEqual(["'=HYPERLINK(\"http://evil\",\"x\")", "+1 555 0100", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "plain"]);
    expect(cleanedRows[1]?.[1]).toBe("'=HYPERLINK(\"http://evil\",\"x\")");
    // An address may legally start with "=": it is valid, and still neutralised in the output.
    expect(reportRows[6]).toMatchObject({ email: "'=1+1@acme.com", verdict: "valid", normalized_email: "'=1+1@acme.com" });
    for (const line of cleaned.split("\n")) expect(line).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("reports ragged rows and bad quoting per row, with line numbers, and keeps going", async () => {
    const csv = [
      "email,name,city",
      "ann@acme.com,Ann",
      "bob@acme.com,Bob,Oslo,extra",
      'cy@acme.com,"Cy" junior,Rome',
      "di@acme.com,Di,Paris",
    ].join("\n");
    const { reportRows, cleanedRows, summary } = await run(csv);
    expect(reportRows.map((row) => [row.email, row.row_issue, row.line, row.verdict])).toEqual([
      ["ann@acme.com", "too_few_fields", "2", "valid"],
      ["bob@acme.com", "too_many_fields", "3", "valid"],
      ["cy@acme.com", "invalid_quotes", "4", "valid"],
      ["di@acme.com", "", "5", "valid"],
    ]);
    // Outputs stay rectangular: short rows padded, extra cells dropped.
    for (const row of cleanedRows) expect(row).toHaveLength(4);
    expect(summary.rowIssues).toEqual({ too_few_fields: 1, too_many_fields: 1, invalid_quotes: 1 });
  });

  it("costs a badly closed quote its own row only: the lines after it are read as usual", async () => {
    const csv = ["email,name,city", 'cy@acme.com,"Cy" junior,Rome', "di@acme.com,Di,Paris", 'ed@acme.com,"Ed",Oslo', "fi@acme.com,Fi,Nice"].join("\n");
    const { reportRows } = await run(csv);
    expect(reportRows.map((row) => [row.email, row.row_issue, row.line, row.verdict])).toEqual([
      ["cy@acme.com", "invalid_quotes", "2", "valid"],
      ["di@acme.com", "", "3", "valid"],
      ["ed@acme.com", "", "4", "valid"],
      ["fi@acme.com", "", "5", "valid"],
    ]);
    expect(reportRows[0]?.name).toBe('Cy" junior');
    expect(reportRows[0]?.city).toBe("Rome");
  });

  it("gives back the lines a quote that never closes on its line swallowed", async () => {
    const csv = ["email,name,city", 'cy@acme.com,"Cy,Rome', "di@acme.com,Di,Paris", 'ed@acme.com,"Ed" x,Oslo', "fi@acme.com,Fi,Nice"].join("\n");
    const { reportRows } = await run(csv);
    expect(reportRows.map((row) => [row.email, row.row_issue, row.line, row.verdict])).toEqual([
      ["cy@acme.com", "missing_quotes", "2", "valid"],
      ["di@acme.com", "", "3", "valid"],
      ["ed@acme.com", "invalid_quotes", "4", "valid"],
      ["fi@acme.com", "", "5", "valid"],
    ]);
    expect(reportRows[0]).toMatchObject({ name: "Cy", city: "Rome" });
  });

  it("reads a stray quote as text once its value outgrows any real one, and goes on", async () => {
    // Quote never closed, then more than 8 MB of ordinary rows: the file is not failed for it.
    const rows = Array.from({ length: 200_000 }, (_, i) => `user${i}@acme.com,Name ${i} with some padding text`);
    const bytes = Buffer.from(`email,note\nann@acme.com,"stray\n${rows.join("\n")}\n`);
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const { summary, reportRows } = await run(chunks);
    expect(summary.rows).toBe(200_001);
    expect(summary.rowIssues).toEqual({ missing_quotes: 1 });
    expect(reportRows[0]).toMatchObject({ email: "ann@acme.com", note: "stray", row_issue: "missing_quotes", line: "2" });
    expect(reportRows.at(-1)).toMatchObject({ email: "user199999@acme.com", line: "200002" });
  });

  it("counts physical lines through quoted values that span lines, with CRLF endings", async () => {
    const csv = ['email,note', 'ann@acme.com,"two\r\nlines"', 'bob@acme.com,"three\r\nmore\r\nlines"', "cy@acme.com,one", ""].join("\r\n");
    const { reportRows, report, summary } = await run(csv);
    expect(reportRows.map((row) => [row.email, row.line])).toEqual([
      ["ann@acme.com", "2"],
      ["bob@acme.com", "4"],
      ["cy@acme.com", "7"],
    ]);
    expect(reportRows[1]?.note).toBe("three\r\nmore\r\nlines");
    expect(reportRows[2]?.note).toBe("one");
    expect(report.split("\r\n")[0]).toContain("normalized_email");
    expect(summary.blankRows).toBe(0);
  });

  it("counts a stray LF inside a CRLF file as a line, as an editor does", async () => {
    const { reportRows } = await run("email,note\r\nann@acme.com,a\nb\r\nbob@acme.com,x\r\ncy@acme.com,\"q\nr\"\r\ndi@acme.com,y\r\n");
    expect(reportRows.map((row) => [row.email, row.line])).toEqual([
      ["ann@acme.com", "2"],
      ["bob@acme.com", "4"],
      ["cy@acme.com", "5"],
      ["di@acme.com", "7"],
    ]);
  });

  it("skips blank lines and rows of empty cells without counting them as contacts", async () => {
    const { summary, reportRows } = await run("\n\nemail,name\n\nann@acme.com,Ann\n,,\n,\nbob@acme.com,Bob\n");
    expect(summary.rows).toBe(2);
    expect(summary.blankRows).toBe(3);
    expect(reportRows.map((row) => row.line)).toEqual(["5", "8"]);
  });
});

describe("processContactList: encodings and delimiters", () => {
  const csv = "email;name\nzoe@acme.com;Zoë Ça\nrene@acme.com;René\n";

  function utf16be(text: string): Buffer {
    const little = Buffer.from(text, "utf16le");
    for (let i = 0; i < little.length; i += 2) little.writeUInt16BE(little.readUInt16LE(i), i);
    return little;
  }

  it.each([
    { name: "UTF-8", bytes: Buffer.from(csv, "utf8"), encoding: "utf-8", bom: false },
    { name: "UTF-8 with BOM", bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, "utf8")]), encoding: "utf-8", bom: true },
    { name: "UTF-16 LE with BOM", bytes: Buffer.from(`\uFEFF${csv}`, "utf16le"), encoding: "utf-16le", bom: true },
    { name: "UTF-16 BE with BOM", bytes: utf16be(`\uFEFF${csv}`), encoding: "utf-16be", bom: true },
    { name: "UTF-16 LE without BOM", bytes: Buffer.from(csv, "utf16le"), encoding: "utf-16le", bom: false },
    { name: "Latin-1", bytes: Buffer.from(csv, "latin1"), encoding: "windows-1252", bom: false },
  ])("reads $name", async ({ bytes, encoding, bom }) => {
    const { summary, reportRows, cleaned } = await run(bytes);
    expect(summary).toMatchObject({ encoding, bom, delimiter: ";", rows: 2, column: { name: "email" } });
    expect(reportRows.map((row) => row.name)).toEqual(["Zoë Ça", "René"]);
    // Outputs are UTF-8, keep the file's delimiter, and carry a BOM when the input had one.
    expect(cleaned.startsWith("\uFEFF")).toBe(bom);
    expect(cleaned).toContain("zoe@acme.com;Zoë Ça;zoe@acme.com");
  });

  it("switches to Windows-1252 when a Latin-1 byte first appears deep in the file", async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `user${i}@acme.com,Plain Name`).join("\n");
    const bytes = Buffer.concat([Buffer.from(`email,name\n${filler}\n`), Buffer.from("late@acme.com,Chloé\n", "latin1")]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const { summary, reportRows } = await run(bytes);
    expect(summary.encoding).toBe("windows-1252");
    expect(reportRows.at(-1)?.name).toBe("Chloé");
    expect(reportRows[0]?.name).toBe("Plain Name");
  });

  it("keeps characters intact when chunks split them", async () => {
    const text = "email,name\nzoe@acme.com,Zoë 😀 Ça\nrene@acme.com,René\n";
    const bytes = Buffer.from(text, "utf8");
    const oneByteChunks = Array.from(bytes, (byte) => Buffer.from([byte]));
    const { reportRows, summary } = await run(oneByteChunks);
    expect(summary.encoding).toBe("utf-8");
    expect(reportRows.map((row) => row.name)).toEqual(["Zoë 😀 Ça", "René"]);
  });

  it.each([
    { name: "tab", text: "email\tname\tcity\nann@acme.com\tAnn, Jr.\tOslo\n", delimiter: "\t" },
    { name: "semicolon with decimal commas", text: "name;email;score\nAnn;ann@acme.com;1,5\nBob;bob@acme.com;2,25\n", delimiter: ";" },
    { name: "comma with quoted commas", text: 'name,email\n"Smith, Ann",ann@acme.com\n"Jones, Bob",bob@acme.com\n', delimiter: "," },
  ])("detects the $name delimiter", async ({ text, delimiter }) => {
    const { summary, reportRows } = await run(text);
    expect(summary.delimiter).toBe(delimiter);
    expect(reportRows.every((row) => row.verdict === "valid")).toBe(true);
  });
});

describe("processContactList: finding the email column", () => {
  it.each(["email", "E-Mail", "Email Address", "MAIL", "e_mail", "  Email  "])("recognises the header %j", async (header) => {
    const { summary } = await run(`id,${header}\n1,ann@acme.com\n`);
    expect(summary.column).toEqual({ index: 1, name: header, detectedBy: "header" });
  });

  it("falls back to the first column whose values look like addresses", async () => {
    const { summary } = await run("name,contact,backup\nAnn,ann@acme.com,x@acme.com\nBob,bob@acme.com,\n");
    expect(summary.column).toEqual({ index: 1, name: "contact", detectedBy: "values" });
  });

  it("takes an explicit column, whatever its header says", async () => {
    const { summary, reportRows } = await run("email,Backup Address\nann@acme.com,ann.b@acme.org\n", { emailColumn: "backup address" });
    expect(summary.column).toEqual({ index: 1, name: "Backup Address", detectedBy: "option" });
    expect(reportRows[0]?.normalized_email).toBe("ann.b@acme.org");
  });

  it("reads a file without a header: every row is data", async () => {
    const { summary, reportRows, cleanedRows } = await run("ann@acme.com,Ann\nbob@acme.com,Bob\n");
    expect(summary).toMatchObject({ hasHeader: false, rows: 2, column: { index: 0, name: "email", detectedBy: "values" } });
    expect(reportRows.map((row) => row.line)).toEqual(["1", "2"]);
    expect(cleanedRows[0]).toEqual(["email", "column_2", "normalized_email"]);
  });

  it("fails with no_email_column, naming the columns, when none holds addresses", async () => {
    const error = await failure("name,phone\nAnn,123\nBob,456\n");
    expect(error.code).toBe("no_email_column");
    expect(error.message).toContain("“name”, “phone”");
  });

  it("names a column without a header by its place, not as empty quotes", async () => {
    const error = await failure("Dear team,\nplease find,the list\nAnn,123\n");
    expect(error.code).toBe("no_email_column");
    expect(error.message).toContain("The columns are: “Dear team”, column 2 (no name).");
  });

  it("fails with no_email_column when the requested column does not exist", async () => {
    const error = await failure("email\nann@acme.com\n", { emailColumn: "contact" });
    expect(error.code).toBe("no_email_column");
    expect(error.message).toContain("contact");
  });
});

describe("processContactList: files that cannot be processed", () => {
  it.each([
    { name: "an empty file", bytes: Buffer.alloc(0) },
    { name: "only a BOM", bytes: Buffer.from([0xef, 0xbb, 0xbf]) },
    { name: "only blank lines", bytes: Buffer.from("\r\n\n  \n") },
  ])("rejects $name as empty_file", async ({ bytes }) => {
    expect((await failure(bytes)).code).toBe("empty_file");
  });

  it.each([
    { name: "a PNG", bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), says: "PNG" },
    { name: "bytes with NULs", bytes: Buffer.from("email\nann@acme.com\0\0\0\x01\x02", "latin1"), says: "not a text file" },
    { name: "control-character noise", bytes: Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? 0x01 : 0x41))), says: "not a text file" },
  ])("rejects $name as not_text", async ({ bytes, says }) => {
    const error = await failure(bytes);
    expect(error.code).toBe("not_text");
    expect(error.message).toContain(says);
  });

  // Workbooks and zips are read now (packed-lists.test.ts); a broken one says so.
  it("rejects a damaged zip or workbook as unreadable_file", async () => {
    const error = await failure(Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(100)]));
    expect(error.code).toBe("unreadable_file");
    expect(error.message).toContain("could not be unpacked");
  });

  it("rejects a file with a line longer than any contact (8 MB), naming the line", async () => {
    const bytes = Buffer.from(`email,note\nann@acme.com,"${"x".repeat(9 * 1024 * 1024)}\n`);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const error = await failure(chunks);
    expect(error.code).toBe("record_too_large");
    expect(error.message).toContain("Line 2 is longer than 8 MB");
  });
});

describe("processContactList: flagged rows for fixing", () => {
  it("stops calling onFlaggedRow once it returns false, and still reports every row", async () => {
    const csv = ["Name,Email", "Ann,not-an-address", "Bob,bob@mailinator.com", "Cy,cy@@acme-mail.com", "Di,info@acme-mail.com", "Ed,ed@acme-mail.com", ""].join("\n");
    const lines: number[] = [];
    const { summary, reportRows } = await run(csv, {
      onFlaggedRow: (row) => {
        lines.push(row.line);
        return lines.length < 2;
      },
    });
    // Each call copies its row; a caller that keeps the first rows only must not pay for the rest.
    expect(lines).toEqual([2, 3]);
    expect(reportRows.map((row) => row.verdict)).toEqual(["invalid", "risky", "invalid", "risky", "valid"]);
    expect(summary.verdicts).toMatchObject({ invalid: 2, risky: 2, valid: 1 });
  });
});
