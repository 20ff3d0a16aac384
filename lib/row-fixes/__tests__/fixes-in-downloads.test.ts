// Rows fixed by hand in the downloads, end to end on the worker side: real PostgreSQL,
// pg-boss working the real queue handlers, local storage. The report says which rows
// were changed by hand (every format, and the merged report); the corrected list has
// every address once and comes in every format.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { buffer, text } from "node:stream/consumers";
import ExcelJS from "exceljs";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueHandlers } from "@/worker/queue-handlers";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { workQueues } from "../../queue/work-queues";
import { storage } from "../../storage/storage";
import { batchOptionsSchema } from "../../batches/batch-options";
import { createBatch } from "../../batches/create-batch";
import { openMergedResults } from "../../batches/open-merged-results";
import { openResultFile } from "../../batches/open-result-file";
import { fixFlaggedRow } from "../fix-flagged-row";
import { listFlaggedRows } from "../list-flagged-rows";
import { openCorrectedList } from "../open-corrected-list";
import { parseCorrectedListQuery } from "../row-fix-params";

let worker: PgBoss;

beforeAll(async () => {
  // Its own database: queue workers of other test files must not take these files.
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  worker = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await worker.start();
  await workQueues(worker, queueHandlers);
});

afterAll(async () => {
  await worker.stop({ graceful: false });
});

async function uploadAndWait(files: { name: string; content: string }[]) {
  const user = await db().user.create({ data: { email: `fixer-${randomUUID()}@acme-mail.com` } });
  const uploads = [];
  for (const [index, file] of files.entries()) {
    const key = `uploads/${randomUUID()}/${index}`;
    await storage().put(key, Readable.from([Buffer.from(file.content)]));
    uploads.push({ key, originalName: file.name, bytes: Buffer.byteLength(file.content), sha256: "0".repeat(64), contentType: "text/csv" });
  }
  const created = await createBatch(worker, { userId: user.id, source: "dashboard", files: uploads, options: batchOptionsSchema.parse({}) });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const batch = await db().batch.findUniqueOrThrow({ where: { id: created.id }, include: { files: { orderBy: { position: "asc" } } } });
    if (!["queued", "processing"].includes(batch.status)) return { user, batch };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`batch ${created.id} did not finish`);
}

async function rowOf(userId: string, batchId: string, address: string) {
  const rows = (await listFlaggedRows(userId, batchId, { page: 1 })).rows;
  const row = rows.find((entry) => entry.address === address);
  if (!row) throw new Error(`no flagged row ${address} among ${rows.map((entry) => entry.address).join(", ")}`);
  return row;
}

const lines = (csv: string) => csv.replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);

async function sheetRows(stream: Readable): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buffer(stream)) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push(values.map((value) => (typeof value === "object" && value !== null && "richText" in value ? value.richText.map((run) => run.text).join("") : String(value ?? ""))));
  });
  return rows;
}

const contacts = [
  "name,email,city",
  "Ada,ada@acme-mail.com,Paris",
  "Kim,kim@gmial.com,Oslo",
  "Bob,bob@acme-mail,Rome",
  '"Duo","ann@acme-mail; cy@acme-mail.com",Lima',
  "",
].join("\n");

describe("the report says which rows were changed by hand", () => {
  it("adds changed_by_hand and fixed_email to the fixed rows, joined by line and address in the cell, in every format", async () => {
    const { user, batch } = await uploadAndWait([{ name: "contacts.csv", content: contacts }]);
    const file = batch.files[0]!;
    expect(file.status).toBe("completed");

    // No fixes: the stored report, byte for byte (and linkable from a bucket).
    const before = await openResultFile(user.id, batch.id, file.id, "report");
    expect(before.storedKey).toBe(file.reportKey);
    const stored = await buffer(before.stream);
    expect(stored.equals(await buffer(storage().get(file.reportKey!)))).toBe(true);
    expect(lines(stored.toString("utf8"))[0]).not.toContain("changed_by_hand");

    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "bob@acme-mail")).id, { action: "edit", address: "bob@acme-mail.com" });
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "kim@gmial.com")).id, { action: "mark_valid" });
    // The first address of a cell of two: its row is "1 of 2", the other address of the cell is not touched.
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "ann@acme-mail; cy@acme-mail.com")).id, { action: "edit", address: "ann@acme-mail.com" });

    const report = await openResultFile(user.id, batch.id, file.id, "report");
    expect(report.storedKey).toBeUndefined();
    const csv = lines(await text(report.stream));
    const header = csv[0]!.split(",");
    expect(header.slice(-3)).toEqual(["line", "changed_by_hand", "fixed_email"]);
    const byAddress = (rows: string[][]) =>
      Object.fromEntries(rows.slice(1).map((row) => [`${row[header.indexOf("normalized_email")] || row[1]}|${row[header.indexOf("address_in_cell")]}`, row.slice(-2)]));
    const parsedCsv = csv.map((line) => line.split(","));
    expect(byAddress(parsedCsv)).toEqual({
      "ada@acme-mail.com|": ["", ""],
      "kim@gmial.com|": ["marked valid", "kim@gmial.com"],
      "bob@acme-mail|": ["edited", "bob@acme-mail.com"],
      "ann@acme-mail; cy@acme-mail.com|1 of 2": ["edited", "ann@acme-mail.com"],
      "cy@acme-mail.com|2 of 2": ["", ""],
    });

    const workbook = await sheetRows((await openResultFile(user.id, batch.id, file.id, "report", { format: "xlsx" })).stream);
    expect(workbook[0]?.slice(-2)).toEqual(["changed_by_hand", "fixed_email"]);
    expect(workbook.map((row) => row.slice(-2).join("|"))).toContain("marked valid|kim@gmial.com");
    const forExcel = (await buffer((await openResultFile(user.id, batch.id, file.id, "report", { format: "excel-csv" })).stream)).toString("utf8");
    expect(forExcel.startsWith("\uFEFF")).toBe(true);
    expect(forExcel).toContain(",edited,bob@acme-mail.com\r\n");

    // The cleaned list is not the report: no such columns there.
    expect(lines(await text((await openResultFile(user.id, batch.id, file.id, "cleaned")).stream))[0]).toBe("name,email,city,normalized_email");
  });

  it("says it in the merged report, for the rows of the file that was fixed, before source_file", async () => {
    const { user, batch } = await uploadAndWait([
      { name: "first.csv", content: "name,email\nAda,ada@acme-mail.com\nEve,eve@acme-mail\n" },
      { name: "second.csv", content: "name,email\nKim,kim@gmial.com\nAda again,ada@acme-mail.com\n" },
    ]);
    expect(batch.files.map((file) => file.status)).toEqual(["completed", "completed"]);
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "kim@gmial.com")).id, { action: "accept_suggestion" });

    const merged = lines(await text((await openMergedResults(user.id, batch.id, "report")).stream)).map((line) => line.split(","));
    expect(merged[0]?.slice(-3)).toEqual(["changed_by_hand", "fixed_email", "source_file"]);
    expect(merged.slice(1).map((row) => [row[1], ...row.slice(-3)])).toEqual([
      ["ada@acme-mail.com", "", "", "first.csv"],
      ["eve@acme-mail", "", "", "first.csv"],
      ["kim@gmial.com", "accepted suggestion", "kim@gmail.com", "second.csv"],
      ["ada@acme-mail.com", "", "", "second.csv"],
    ]);
    // The first file had no fixes: its own report is still the stored one.
    expect((await openResultFile(user.id, batch.id, batch.files[0]!.id, "report")).storedKey).toBe(batch.files[0]!.reportKey);
    // The second file's own report (made on download for the batch-wide rule) says it too.
    const second = lines(await text((await openResultFile(user.id, batch.id, batch.files[1]!.id, "report")).stream));
    expect(second[0]?.endsWith(",changed_by_hand,fixed_email")).toBe(true);
    expect(second[1]?.endsWith(",accepted suggestion,kim@gmail.com")).toBe(true);
  });
});

describe("the corrected list", () => {
  it("leaves out a fixed row whose mailbox is already in it: a valid row, or an earlier fixed row (Gmail dots folded)", async () => {
    const content = [
      "name,email",
      "Ada,ada@acme-mail.com",
      "Kim,kim@gmial.com",
      "Bob,bob@acme-mail",
      "Kim again,k.i.m@gmial.com",
      "Zed,zed@acme-mail",
      "Gee,gee@googlemail.com",
      "Gee typo,gee@gmial.com",
      "",
    ].join("\n");
    const { user, batch } = await uploadAndWait([{ name: "dupes.csv", content }]);
    const file = batch.files[0]!;
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "kim@gmial.com")).id, { action: "accept_suggestion" });
    // The same mailbox as the valid row on line 2, written in other case.
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "bob@acme-mail")).id, { action: "edit", address: "ADA@acme-mail.com" });
    // Gmail ignores dots: the same inbox as the fixed row on line 3. Taken, with a note saying so.
    const again = await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "k.i.m@gmial.com")).id, { action: "accept_suggestion" });
    expect(again).toEqual({ address: "k.i.m@gmail.com", warning: "Line 3 was fixed to the same address, so the corrected list has it once." });
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "zed@acme-mail")).id, { action: "edit", address: "zed@acme-mail.com" });
    // googlemail.com is gmail.com: the same inbox as the valid row on line 7, at another domain.
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "gee@gmial.com")).id, { action: "accept_suggestion" });

    expect(lines(await text((await openCorrectedList(user.id, batch.id, file.id)).stream))).toEqual([
      "name,email,normalized_email",
      "Ada,ada@acme-mail.com,ada@acme-mail.com",
      "Gee,gee@googlemail.com,gee@googlemail.com",
      "Kim,kim@gmail.com,kim@gmail.com",
      "Zed,zed@acme-mail.com,zed@acme-mail.com",
    ]);
  });

  it("comes as CSV, CSV for Excel and an Excel workbook; an unknown format or option is a 400", async () => {
    const { user, batch } = await uploadAndWait([{ name: "contacts.csv", content: contacts }]);
    const file = batch.files[0]!;
    await fixFlaggedRow(user.id, batch.id, (await rowOf(user.id, batch.id, "kim@gmial.com")).id, { action: "accept_suggestion" });
    const expected = [
      ["name", "email", "city", "normalized_email"],
      ["Ada", "ada@acme-mail.com", "Paris", "ada@acme-mail.com"],
      ["Duo", "ann@acme-mail; cy@acme-mail.com", "Lima", "cy@acme-mail.com"],
      ["Kim", "kim@gmail.com", "Oslo", "kim@gmail.com"],
    ];

    const xlsx = await openCorrectedList(user.id, batch.id, file.id, "xlsx");
    expect(xlsx.fileName).toBe("contacts-corrected.xlsx");
    expect(xlsx.contentType).toMatch(/spreadsheetml/);
    expect(await sheetRows(xlsx.stream)).toEqual(expected);

    const forExcel = await openCorrectedList(user.id, batch.id, file.id, "excel-csv");
    expect(forExcel.fileName).toBe("contacts-corrected.csv");
    const body = (await buffer(forExcel.stream)).toString("utf8");
    expect(body.startsWith("\uFEFFname,email,city,normalized_email\r\n")).toBe(true);
    expect(body).toContain("\r\nKim,kim@gmail.com,Oslo,kim@gmail.com\r\n");

    const url = (query: string) => `http://127.0.0.1/api/batches/${batch.id}/files/${file.id}/corrected${query}`;
    expect(parseCorrectedListQuery(url(""))).toEqual({ format: "csv" });
    expect(parseCorrectedListQuery(url("?format=xlsx"))).toEqual({ format: "xlsx" });
    for (const query of ["?format=pdf", "?risky=include"]) {
      let error: unknown = null;
      try {
        parseCorrectedListQuery(url(query));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("bad_request");
    }
  });
});
