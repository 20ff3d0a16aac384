// The writers behind result downloads: an xlsx read back with exceljs' own reader, and
// the CSV for Excel byte by byte.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseDownloadQuery } from "../download-options";
import { resultFileType } from "../result-file-type";
import { CsvTableWriter } from "../table-writer";
import { XlsxTableWriter } from "../xlsx-table-writer";

async function written(write: (stream: PassThrough) => Promise<void>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => stream.on("end", resolve));
  await write(stream);
  await ended;
  return Buffer.concat(chunks);
}

async function readWorkbook(bytes: Buffer): Promise<{ name: string; rows: string[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cell.text;
      });
      rows.push(cells);
    });
    return { name: sheet.name, rows };
  });
}

describe("XlsxTableWriter", () => {
  it("writes every cell as text, as stored, with a phone number as written even in the first column", async () => {
    const bytes = await written(async (stream) => {
      const writer = new XlsxTableWriter(stream, "Cleaned");
      writer.writeRow(["phone", "email", "zip", "note"]);
      // As the stored CSV holds them: the first cell of a line neutralised even when it is a phone number.
      writer.writeRow(["'+44 20 7946 0958", "ann@acme-mail.com", "00123", "'=HYPERLINK(\"http://x\")"]);
      writer.writeRow(["+1 (555) 010-2000", "bo@acme-mail.com", "1e5", "Zoë, Straße"]);
      await writer.end();
    });
    const [sheet, ...others] = await readWorkbook(bytes);
    expect(others).toHaveLength(0);
    expect(sheet?.name).toBe("Cleaned");
    expect(sheet?.rows).toEqual([
      ["phone", "email", "zip", "note"],
      ["+44 20 7946 0958", "ann@acme-mail.com", "00123", "'=HYPERLINK(\"http://x\")"],
      ["+1 (555) 010-2000", "bo@acme-mail.com", "1e5", "Zoë, Straße"],
    ]);
    // No cell is a formula or a number: text stays text.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    workbook.worksheets[0]?.eachRow((row) => row.eachCell((cell) => expect([ExcelJS.ValueType.String, ExcelJS.ValueType.RichText]).toContain(cell.type)));
  });

  it("goes on in a new sheet, header repeated, when a sheet is full", async () => {
    const bytes = await written(async (stream) => {
      const writer = new XlsxTableWriter(stream, "Report", 3);
      writer.writeRow(["email"]);
      for (let i = 1; i <= 5; i++) writer.writeRow([`p${i}@acme-mail.com`]);
      await writer.end();
    });
    const sheets = await readWorkbook(bytes);
    expect(sheets.map((sheet) => sheet.name)).toEqual(["Report", "Report (2)", "Report (3)"]);
    expect(sheets.map((sheet) => sheet.rows.map((row) => row[0]))).toEqual([
      ["email", "p1@acme-mail.com", "p2@acme-mail.com"],
      ["email", "p3@acme-mail.com", "p4@acme-mail.com"],
      ["email", "p5@acme-mail.com"],
    ]);
  });

  it("writes a workbook with only the header for a list with no rows", async () => {
    const bytes = await written(async (stream) => {
      const writer = new XlsxTableWriter(stream, "Cleaned");
      writer.writeRow(["email", "normalized_email"]);
      await writer.end();
    });
    expect((await readWorkbook(bytes))[0]?.rows).toEqual([["email", "normalized_email"]]);
  });
});

describe("XlsxTableWriter's memory", () => {
  it("keeps the sheet XML waiting for the zip writer bounded, though rows come faster than it compresses", async () => {
    let most = 0;
    const bytes = await written(async (stream) => {
      const writer = new XlsxTableWriter(stream, "Cleaned");
      writer.writeRow(["email", "name", "phone"]);
      for (let row = 0; row < 100_000; row++) {
        writer.writeRow([`person.${row}@acme-mail.com`, `Person number ${row}`, "+44 20 7946 0958"]);
        if (row % 1000 === 999) {
          await writer.flushIfFull();
          most = Math.max(most, writer.queuedBytes);
        }
      }
      await writer.end();
    });
    // Without waiting, the whole sheet (~12 MB of XML) piles up in front of the zip writer.
    expect(most).toBeLessThan(2 * 1024 * 1024);
    expect(bytes.length).toBeGreaterThan(100_000);
  });
});

describe("CsvTableWriter for Excel", () => {
  it("starts with a byte order mark, ends lines with CRLF and keeps the upload's delimiter and neutralising", async () => {
    const bytes = await written(async (stream) => {
      const writer = new CsvTableWriter(stream, { delimiter: ";", bom: true, newline: "\r\n" });
      writer.writeRow(["email", "phone", "note"]);
      writer.writeRow(["ann@acme-mail.com", "+44 20 7946 0958", "a;b"]);
      writer.writeRow(["'=1+1", "-12,5", "Zoë"]);
      await writer.end();
    });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe('email;phone;note\r\nann@acme-mail.com;+44 20 7946 0958;"a;b"\r\n\'=1+1;-12,5;Zoë\r\n');
  });
});

describe("download options", () => {
  it("names a tab-separated result .tsv with its own type, and a workbook .xlsx", () => {
    expect(resultFileType("csv", "\t")).toEqual({ extension: "tsv", contentType: "text/tab-separated-values; charset=utf-8" });
    expect(resultFileType("excel-csv", "\t").extension).toBe("tsv");
    expect(resultFileType("csv", ";").extension).toBe("csv");
    expect(resultFileType("xlsx", "\t").extension).toBe("xlsx");
  });

  it("answers an unknown format or parameter with a 400 that names the formats", () => {
    expect(parseDownloadQuery("http://localhost/x?format=xlsx&risky=include")).toEqual({ format: "xlsx", risky: "include" });
    expect(parseDownloadQuery("http://localhost/x?from=email")).toEqual({ format: "csv" });
    const attempt = (query: string) => {
      try {
        parseDownloadQuery(`http://localhost/x?${query}`);
      } catch (error) {
        return error;
      }
      return null;
    };
    const unknownFormat = attempt("format=ods");
    expect(unknownFormat).toBeInstanceOf(AppError);
    expect(unknownFormat).toMatchObject({ code: "bad_request", message: "Unknown format. Use one of: csv, excel-csv, xlsx." });
    expect(attempt("risky=yes")).toMatchObject({ code: "bad_request" });
    expect(attempt("sheet=2")).toMatchObject({ code: "bad_request" });
  });
});
