// A .zip that holds several lists, or none, is refused at upload, named with what it
// holds, as a PDF is: the worker would only fail it later. Real zips built here (sizes
// before the data and after it), real Postgres, storage and pg-boss.
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdBatchResponseSchema } from "@/lib/api/api-schemas";
import { db } from "@/lib/db/client";
import { stopWebBoss, webBoss } from "@/lib/queue/boss";
import { storage } from "@/lib/storage/storage";
import { makeStreamedWorkbook } from "@/lib/verification/__tests__/support/make-workbook";
import { makeZip } from "@/lib/verification/__tests__/support/make-zip";
import { POST as createBatch } from "../batches/route";
import { apiRequest, errorBody, newApiUser } from "./support/api-fixtures";
import { multipartUpload } from "./support/multipart-upload";

let boss: PgBoss;
beforeAll(async () => {
  boss = await webBoss();
});
afterAll(async () => {
  await stopWebBoss();
});

const csv = "email\nann@acme-mail.com\nbob@acme-mail.com\n";
const ZIP = "application/zip";

async function post(files: Record<string, Buffer | string>) {
  const { token, user } = await newApiUser();
  const form = await multipartUpload(Object.entries(files).map(([name, content]) => ({ name, content, type: name.endsWith(".zip") ? ZIP : "text/csv" })));
  const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));
  return { response, user };
}

async function storedKeys(userId: string) {
  const files = await db().batchFile.findMany({ where: { batch: { userId } }, select: { storageKey: true } });
  return files.map((file) => file.storageKey);
}

describe("POST /api/v1/batches with a zip", () => {
  it("refuses a zip with two lists, sizes before or after the data, and makes the batch of the CSV beside it", async () => {
    for (const streamed of [false, true]) {
      const twoLists = makeZip(
        [
          { name: "a.csv", content: csv },
          { name: "b.tsv", content: "email\tname\ncy@acme-mail.com\tCy\n" },
        ],
        { streamed },
      );

      const { response, user } = await post({ "exports.zip": twoLists, "leads.csv": csv });

      expect(response.status).toBe(202);
      const { batch, refused } = createdBatchResponseSchema.parse(await response.json());
      expect(batch.files?.map((file) => file.name)).toEqual(["leads.csv"]);
      expect(refused).toEqual([
        {
          name: "exports.zip",
          code: "archive_several_lists",
          message: '"exports.zip" holds several lists ("a.csv", "b.tsv"…); it may hold only one. Upload them as separate files, or in separate zips.',
        },
      ]);
      // The refused zip is not kept: the upload's folder holds the CSV only.
      const [key] = await storedKeys(user.id);
      expect(key).toMatch(/\/1$/);
      expect(await storage().exists(key?.replace(/1$/, "0") ?? "")).toBe(false);
    }
  });

  it("takes a zip holding one list in a folder beside __MACOSX and .DS_Store metadata, and a workbook, sizes after the data", async () => {
    const packed = makeZip(
      [
        { name: "export/", content: "", store: true },
        { name: "__MACOSX/export/._contacts.csv", content: "\0\u0005\u0016\u0007junk" },
        { name: "export/contacts.csv", content: csv },
        { name: "export/.DS_Store", content: "\0\0\0\u0001Bud1" },
      ],
      { streamed: true },
    );
    const workbook = await makeStreamedWorkbook([{ name: "Export", rows: [["email"], ["dee@acme-mail.com"]] }]);

    const { response } = await post({ "contacts.zip": packed, "export.xlsx": workbook });

    expect(response.status).toBe(202);
    const body = createdBatchResponseSchema.parse(await response.json());
    expect(body.refused).toBeUndefined();
    expect(body.batch.files?.map((file) => file.name)).toEqual(["contacts.zip", "export.xlsx"]);
  });

  it("answers 415 naming what each zip holds when no zip holds a list, and makes no batch", async () => {
    const noList = makeZip([
      { name: "README.md", content: "hello" },
      { name: "logo.png", content: "\x89PNG" },
    ]);
    const docx = makeZip([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "word/document.xml", content: "<w:document/>" },
    ]);

    const { response, user } = await post({ "assets.zip": noList, "letter.docx": docx });

    expect(response.status).toBe(415);
    const error = await errorBody(response);
    expect(error.code).toBe("unsupported_media_type");
    expect(error.details?.refused).toEqual([
      {
        name: "assets.zip",
        code: "archive_no_list",
        message: '"assets.zip" holds no .csv, .tsv or .txt file (it holds "README.md", "logo.png"). Put one list in it, or upload the list itself.',
      },
      { name: "letter.docx", code: "archive_no_list", message: '"letter.docx" is a Word document (.docx), not a contact list. Save the list as .xlsx or CSV and upload that.' },
    ]);
    expect(error.message).toContain('"assets.zip" holds no .csv, .tsv or .txt file');
    expect(await db().batch.count({ where: { userId: user.id } })).toBe(0);
  });
});
