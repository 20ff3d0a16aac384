// The pure rules behind fixing rows and files: what an edit must pass, what a failed
// file is offered, how many rows are kept, and how a file's first rows are previewed.
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { canPickColumn, canRetryFile } from "../../batches/file-fix-options";
import { contactListErrorCodeSchema } from "../../verification/contact-list-error";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { previewRows, previewStoredFile } from "../../batches/preview-file-rows";
import { makeStreamedWorkbook } from "../../verification/__tests__/support/make-workbook";
import { makeZip } from "../../verification/__tests__/support/make-zip";
import { FlaggedRowCollector } from "../collect-flagged-rows";
import { judgeFixedAddress } from "../judge-fixed-address";

describe("judging an address fixed by hand", () => {
  it("accepts a valid address, normalised, and says what is still risky about it", () => {
    expect(judgeFixedAddress("  Jane@ACME-mail.com ")).toEqual({ normalized: "Jane@acme-mail.com", warning: null });
    expect(judgeFixedAddress("info@acme-mail.com").warning).toMatch(/role/);
  });

  it.each([
    ["jane@acme-mail", /no dot/],
    ["jane@acme-mail.test", /reserved/],
    ['"jane doe"@acme-mail.com', /quotes/],
    ["jane@@acme-mail.com", /not a valid address/],
  ])("refuses %s with the verifier's reason", (address, reason) => {
    let caught: unknown;
    try {
      judgeFixedAddress(address);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe("validation_failed");
    expect((caught as AppError).message).toMatch(/is still not a valid address/);
    expect((caught as AppError).message).toMatch(reason);
  });
});

describe("what a file is offered", () => {
  it("retries only failures a retry can change, and offers the column where that helps", () => {
    expect(canRetryFile({ status: "failed", errorCode: "processing_failed" })).toBe(true);
    expect(canRetryFile({ status: "failed", errorCode: null })).toBe(true);
    // Every way a file's content can fail, including codes added later.
    for (const errorCode of contactListErrorCodeSchema.options) {
      expect(canRetryFile({ status: "failed", errorCode })).toBe(false);
    }
    expect(canRetryFile({ status: "completed", errorCode: null })).toBe(false);
    expect(canPickColumn({ status: "failed", errorCode: "no_email_column" })).toBe(true);
    expect(canPickColumn({ status: "completed", errorCode: null })).toBe(true);
    expect(canPickColumn({ status: "failed", errorCode: "not_text" })).toBe(false);
    expect(canPickColumn({ status: "cancelled", errorCode: null })).toBe(false);
  });
});

describe("keeping flagged rows while processing", () => {
  it("keeps the first rows up to its limit and counts the rest", () => {
    const collector = new FlaggedRowCollector(2);
    for (let line = 2; line < 7; line++) {
      collector.add({ line, part: 1, cells: ["x"], address: "x", verdict: "invalid", reasons: ["missing_at"], detail: "", suggestion: null });
    }
    expect(collector.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(collector.seen).toBe(5);
  });

  it("says when it is full, so the processor stops copying rows for it", () => {
    const collector = new FlaggedRowCollector(2);
    const row = (line: number) => ({ line, part: 1, cells: ["x"], address: "x", verdict: "invalid" as const, reasons: ["missing_at" as const], detail: "", suggestion: null });
    expect([collector.add(row(2)), collector.add(row(3))]).toEqual([true, false]);
  });
});

describe("previewing a file's first rows", () => {
  it("reads the delimiter and header as processing does, and names the columns of a file without a header by place", () => {
    const semicolons = previewRows({ head: Buffer.from("Name;Kontakt\r\nAda;ada@acme-mail.com\r\nBob;ruft an\r\n"), ended: true });
    expect(semicolons).toEqual({ columns: ["Name", "Kontakt"], hasHeader: true, rows: [["Ada", "ada@acme-mail.com"], ["Bob", "ruft an"]] });
    const headless = previewRows({ head: Buffer.from("Ada,ada@acme-mail.com\nBob,bob@acme-mail.com\n"), ended: true });
    expect(headless.columns).toEqual(["column_1", "column_2"]);
    expect(headless.rows).toHaveLength(2);
  });

  it("leaves out a last row cut off by the end of the head", () => {
    const preview = previewRows({ head: Buffer.from("name,email\nAda,ada@acme-mail.com\nBo"), ended: false });
    expect(preview.rows).toEqual([["Ada", "ada@acme-mail.com"]]);
  });

  it("previews what processing reads from a workbook's chosen sheet and from the list in a .gz or .zip", async () => {
    // A list with no column named like an email column, so picking one is what the person does.
    const rows = [["Name", "Kontakt"], ["Ada", "ada@acme-mail.com"], ["Bob", "bob@acme-mail.com"]];
    const csv = rows.map((row) => row.join(",")).join("\n") + "\n";
    const expected = { columns: ["Name", "Kontakt"], hasHeader: true, rows: rows.slice(1) };
    const workbook = await makeStreamedWorkbook([
      { name: "Notes", rows: [["just", "notes"]] },
      { name: "Leads", rows },
    ]);

    expect(await previewStoredFile(Readable.from([workbook]), "Leads")).toEqual(expected);
    expect(await previewStoredFile(Readable.from([gzipSync(csv)]), undefined)).toEqual(expected);
    expect(await previewStoredFile(Readable.from([makeZip([{ name: "export/leads.csv", content: csv }])]), undefined)).toEqual(expected);
    expect(await previewStoredFile(Readable.from([Buffer.from(csv)]), undefined)).toEqual(expected);
  });
});
