// Lists that do not arrive as plain text: an Excel workbook's sheet, a CSV in a .gz or
// a .zip. Each must give the same rows, verdicts and outputs as the CSV would.
import { readdir } from "node:fs/promises";
import os from "node:os";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { Parse as parseZip } from "unzipper";
import { describe, expect, it } from "vitest";
import { cellText } from "../cell-text";
import { describeReading } from "../describe-reading";
import { detectContainer } from "../detect-container";
import { SharedStringTable } from "../shared-string-table";
import { makeStreamedWorkbook, makeWorkbook } from "./support/make-workbook";
import { makeZip } from "./support/make-zip";
import { failure, run } from "./support/run-processor";

const csv = "name,email\nAda,ada@acme-mail.com\nBob,not-an-address\nCy,cy@acme-mail.com\n";

describe("an Excel workbook", () => {
  it("gives each cell as the text a CSV export would hold: dates, numbers, rich text, formulas, links and HYPERLINK mailto formulas", async () => {
    const xlsx = await makeWorkbook([
      {
        name: "Contacts",
        rows: [
          ["Name", "Email", "Joined", "Score", "Phone", "Note"],
          [{ richText: [{ text: "Ada " }, { text: "Lovelace", font: { bold: true } }] }, "ada@acme-mail.com", new Date(Date.UTC(2024, 2, 1)), 42, "+44 20 7946 0958", true],
          // Excel links an address typed in a cell to mailto: itself.
          ["Jane", { text: "jane@acme-mail.com", hyperlink: "mailto:jane@acme-mail.com" }, new Date(Date.UTC(2024, 2, 1, 13, 45)), 0.5, 4420794609, null],
          ["Kim", { formula: 'HYPERLINK("mailto:kim@acme-mail.com","Kim")', result: "Kim" }, null, { formula: "1+1", result: 2 }, null, "=cmd"],
        ],
      },
    ]);
    expect(detectContainer(xlsx)).toBe("xlsx");

    const result = await run(xlsx);

    expect(result.summary).toMatchObject({ rows: 3, verdicts: { valid: 3 }, column: { name: "Email", detectedBy: "header" }, input: { format: "xlsx", sheet: "Contacts" } });
    expect(result.summary.bytes).toBe(xlsx.length);
    expect(result.cleanedRows).toEqual([
      ["Name", "Email", "Joined", "Score", "Phone", "Note", "normalized_email"],
      ["Ada Lovelace", "ada@acme-mail.com", "2024-03-01", "42", "+44 20 7946 0958", "TRUE", "ada@acme-mail.com"],
      ["Jane", "jane@acme-mail.com", "2024-03-01 13:45:00", "0.5", "4420794609", "", "jane@acme-mail.com"],
      // A text that would run as a formula stays neutralised, as in every cleaned file.
      ["Kim", "kim@acme-mail.com", "", "2", "", "'=cmd", "kim@acme-mail.com"],
    ]);
    // The report's line is the spreadsheet's row number.
    expect(result.reportRows.map((row) => row.line)).toEqual(["2", "3", "4"]);
    expect(describeReading(result.summary)).toBe("Addresses from the “Email” column of the sheet “Contacts”.");
  });

  it("reads a workbook saved sheets-first with shared strings at the end, as Excel saves it, and pads short rows", async () => {
    const xlsx = await makeStreamedWorkbook([{ name: "Export", rows: [["email", "name", "city"], ["ada@acme-mail.com", "Ada"], ["bob@acme-mail.com"]] }]);

    const result = await run(xlsx);

    expect(result.summary).toMatchObject({ rows: 2, verdicts: { valid: 2 }, rowIssues: {}, input: { format: "xlsx", sheet: "Export" } });
    expect(result.cleanedRows.slice(1)).toEqual([
      ["ada@acme-mail.com", "Ada", "", "ada@acme-mail.com"],
      ["bob@acme-mail.com", "", "", "bob@acme-mail.com"],
    ]);
  });

  it("reads a sheet that comes after the shared strings straight from the zip, looking its strings up as it goes", async () => {
    const saved = await makeStreamedWorkbook([{ name: "Export", rows: [["email", "name"], ["ada@acme-mail.com", "Ada"], ["bob@acme-mail.com", "Ada"]] }]);
    // The same parts, with the workbook, its relationships and the shared strings first.
    const parts: { name: string; content: Buffer }[] = [];
    for await (const entry of Readable.from([saved]).pipe(parseZip({ forceStream: true }))) parts.push({ name: entry.path, content: await buffer(entry) });
    const first = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"];
    const rank = (name: string) => (first.includes(name) ? first.indexOf(name) : first.length);
    const reordered = makeZip([...parts].sort((a, b) => rank(a.name) - rank(b.name)));

    const result = await run(reordered);

    expect(result.cleanedRows.slice(1)).toEqual([
      ["ada@acme-mail.com", "Ada", "ada@acme-mail.com"],
      ["bob@acme-mail.com", "Ada", "bob@acme-mail.com"],
    ]);
  });

  it("leaves no parked sheet in the temp folder when the file fails early or other sheets are skipped", async () => {
    const parked = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith(`tmp-${process.pid}-`)).length;
    const before = await parked();
    const noColumn = await makeStreamedWorkbook([{ name: "Notes", rows: Array.from({ length: 3000 }, (_, index) => [`note ${index}`, "no address here"]) }]);
    expect((await failure(noColumn)).code).toBe("no_email_column");
    const twoSheets = await makeStreamedWorkbook([
      { name: "First", rows: [["email"], ["ann@acme-mail.com"]] },
      { name: "Second", rows: [["email"], ["bob@acme-mail.com"]] },
    ]);
    expect((await run(twoSheets, { sheet: 2 })).summary.rows).toBe(1);
    // Deleting is not awaited by the reader.
    await expect.poll(parked).toBe(before);
  });

  it("reads the first visible sheet, or the one picked by name (any case) or by number", async () => {
    const xlsx = await makeWorkbook([
      { name: "Notes", rows: [["todo"], ["nothing"]], state: "hidden" },
      { name: "Leads", rows: [["email"], ["lead@acme-mail.com"]] },
      { name: "Customers 2024", rows: [["email"], ["one@acme-mail.com"], ["two@acme-mail.com"]] },
    ]);

    expect((await run(xlsx)).summary).toMatchObject({ rows: 1, input: { sheet: "Leads" } });
    expect((await run(xlsx, { sheet: "customers 2024" })).summary).toMatchObject({ rows: 2, input: { sheet: "Customers 2024" } });
    expect((await run(xlsx, { sheet: 3 })).summary).toMatchObject({ rows: 2, input: { sheet: "Customers 2024" } });
    expect((await run(xlsx, { sheet: "2" })).summary).toMatchObject({ rows: 1, input: { sheet: "Leads" } });
  });

  it("fails with sheet_not_found and the sheets' names when the picked sheet does not exist", async () => {
    const xlsx = await makeWorkbook([
      { name: "Leads", rows: [["email"], ["lead@acme-mail.com"]] },
      { name: "Customers", rows: [["email"], ["one@acme-mail.com"]] },
    ]);

    const byName = await failure(xlsx, { sheet: "Prospects" });
    expect(byName.code).toBe("sheet_not_found");
    expect(byName.message).toBe('The workbook has no sheet named "Prospects"; it has 2 sheets: "Leads", "Customers". Upload it again and pick one of them.');
    expect(byName.details).toMatchObject({ sheets: ["Leads", "Customers"] });
    expect((await failure(xlsx, { sheet: 5 })).message).toMatch(/^The workbook has no sheet 5; it has 2 sheets: "Leads", "Customers"\./);
  });

  it("stops a sheet holding more text than a file may", async () => {
    const rows = [["email", "note"], ...Array.from({ length: 200 }, (_, index) => [`user${index}@acme-mail.com`, "x".repeat(100)])];
    const error = await failure(await makeWorkbook([{ name: "Big", rows }]), { maxUnpackedBytes: 10_000 });
    expect(error.code).toBe("unpacked_too_large");
  });

  it("calls a damaged workbook unreadable", async () => {
    const xlsx = await makeWorkbook([{ name: "Leads", rows: [["email"], ["lead@acme-mail.com"]] }]);
    const error = await failure(xlsx.subarray(0, Math.floor(xlsx.length / 2)));
    expect(error.code).toBe("unreadable_file");
  });
});

describe("cellText", () => {
  it("gives error values, shared formulas and links without an address sensibly", () => {
    expect(cellText({ error: "#N/A" })).toBe("#N/A");
    expect(cellText({ sharedFormula: "A1", result: "ada@acme-mail.com" })).toBe("ada@acme-mail.com");
    expect(cellText({ text: "Our site", hyperlink: "https://acme-mail.com" })).toBe("Our site");
    expect(cellText({ text: "ada@acme-mail.com", hyperlink: "mailto:someone-else@acme-mail.com" })).toBe("ada@acme-mail.com");
    expect(cellText({ text: "Write to Jane", hyperlink: "mailto:jane%40acme-mail.com?subject=Hi" })).toBe("jane@acme-mail.com");
    expect(cellText(123456789012345)).toBe("123456789012345");
    expect(cellText(1e21)).toBe("1e+21");
  });
});

describe("SharedStringTable", () => {
  it("gives back every string as pushed, across growth, in any script", () => {
    const table = new SharedStringTable();
    const texts = Array.from({ length: 200_000 }, (_, index) => (index % 3 === 0 ? "" : `zoë-${index}-ñ-日本@acme-mail.com`));
    for (const text of texts) table.push(text);
    expect([0, 1, 2, 99_999, 199_999].map((index) => table.at(index))).toEqual([0, 1, 2, 99_999, 199_999].map((index) => texts[index]));
    expect(table.at(200_000)).toBeUndefined();
    const indexable = table.asIndexable();
    expect(indexable[5]).toBe(texts[5]);
    expect(table.size).toBe(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
  });
});

describe("a CSV in a .gz", () => {
  it("is unpacked as it streams and verified like the CSV", async () => {
    const packed = gzipSync(csv);
    const plain = await run(csv);
    const result = await run(packed);

    expect(result.cleaned).toBe(plain.cleaned);
    expect(result.report).toBe(plain.report);
    expect(result.summary).toMatchObject({ rows: 3, verdicts: { valid: 2, invalid: 1 }, bytes: packed.length, input: { format: "gzip" } });
  });

  it("fails with unpacked_too_large past the limit (a gzip bomb)", async () => {
    const bomb = gzipSync(`email\n${"a".repeat(5 * 1024 * 1024)}\n`);
    expect(bomb.length).toBeLessThan(20_000);
    expect((await failure(bomb, { maxUnpackedBytes: 1024 * 1024 })).code).toBe("unpacked_too_large");
  });

  it("calls a damaged .gz unreadable", async () => {
    const packed = gzipSync(csv.repeat(200));
    expect((await failure(packed.subarray(0, packed.length - 200))).code).toBe("unreadable_file");
  });
});

describe("a CSV in a .zip", () => {
  it("reads the one list of the zip, skipping folders and macOS metadata, and says which entry it read", async () => {
    for (const streamed of [false, true]) {
      const zip = makeZip(
        [
          { name: "export/", content: "", store: true },
          { name: "__MACOSX/export/._contacts.csv", content: "\0\u0005\u0016\u0007junk" },
          { name: "export/contacts.csv", content: csv },
          { name: "export/.DS_Store", content: "\0\0\0\u0001Bud1" },
        ],
        { streamed },
      );
      expect(detectContainer(zip)).toBe("zip");

      const result = await run(zip);

      expect(result.report).toBe((await run(csv)).report);
      expect(result.summary).toMatchObject({ rows: 3, input: { format: "zip", entry: "export/contacts.csv" } });
      expect(describeReading(result.summary)).toBe("Read “export/contacts.csv” from the zip. Addresses from the “email” column; read as UTF-8, values separated by commas.");
    }
  });

  it("refuses a zip with several lists, or none, naming what it holds", async () => {
    const several = await failure(makeZip([{ name: "a.csv", content: csv }, { name: "b.tsv", content: "email\tname\n" }]));
    expect(several.code).toBe("archive_several_lists");
    expect(several.message).toContain('"a.csv", "b.tsv"');

    const none = await failure(makeZip([{ name: "README.md", content: "hello" }, { name: "logo.png", content: "\x89PNG" }]));
    expect(none.code).toBe("archive_no_list");
    expect(none.message).toContain('"README.md", "logo.png"');

    const spreadsheet = await failure(makeZip([{ name: "mimetype", content: "application/vnd.oasis.opendocument.spreadsheet", store: true }, { name: "content.xml", content: "<x/>" }]));
    expect(spreadsheet.message).toBe("This is an OpenDocument file (.ods, .odt), not a contact list. Save the list as .xlsx or CSV and upload that.");
  });

  it("fails with unpacked_too_large past the limit, in the list or in any other entry (a zip bomb)", async () => {
    const bomb = Buffer.alloc(4 * 1024 * 1024, 0x61);
    const inList = await failure(makeZip([{ name: "list.csv", content: Buffer.concat([Buffer.from("email\n"), bomb]) }]), { maxUnpackedBytes: 1024 * 1024 });
    expect(inList.code).toBe("unpacked_too_large");
    const elsewhere = await failure(makeZip([{ name: "padding.bin", content: bomb }, { name: "list.csv", content: csv }]), { maxUnpackedBytes: 1024 * 1024 });
    expect(elsewhere.code).toBe("unpacked_too_large");
  });
});
