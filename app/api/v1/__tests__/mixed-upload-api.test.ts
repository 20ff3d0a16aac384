// A drop that mixes files a batch can take with files that cannot hold a list: the
// accepted ones become the batch, the answer names each refused one and why, and
// nothing of the refused ones is kept. Real Postgres, storage and pg-boss.
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdBatchResponseSchema } from "@/lib/api/api-schemas";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { db } from "@/lib/db/client";
import { stopWebBoss, webBoss } from "@/lib/queue/boss";
import { storage } from "@/lib/storage/storage";
import { makeWorkbook } from "@/lib/verification/__tests__/support/make-workbook";
import { POST as createBatch } from "../batches/route";
import { apiRequest, errorBody, newApiUser } from "./support/api-fixtures";

let boss: PgBoss;
beforeAll(async () => {
  boss = await webBoss();
});
afterAll(async () => {
  await stopWebBoss();
});

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const pdf = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "latin1");

async function upload(files: Record<string, { content: Buffer | string; type: string }>, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, { content, type }] of Object.entries(files)) form.append("files", new Blob([Buffer.from(content)], { type }), name);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), headers: { "content-type": encoded.headers.get("content-type") ?? "" } };
}

async function storedKeys(userId: string) {
  const files = await db().batchFile.findMany({ where: { batch: { userId } }, select: { storageKey: true } });
  return files.map((file) => file.storageKey);
}

describe("POST /api/v1/batches with a mixed drop", () => {
  it("makes the batch of the workbook and the CSV and names the PDF and the image it refused, with the sheet asked for", async () => {
    const { user, token } = await newApiUser();
    const xlsx = await makeWorkbook([
      { name: "Notes", rows: [["todo"]] },
      { name: "Customers", rows: [["email"], ["ann@acme-mail.com"]] },
    ]);
    const form = await upload(
      {
        "customers.xlsx": { content: xlsx, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        "brochure.pdf": { content: pdf, type: "application/pdf" },
        "leads.csv": { content: "email\nbob@acme-mail.com\n", type: "text/csv" },
        "logo.png": { content: png, type: "image/png" },
      },
      { sheet: "Customers" },
    );

    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));

    expect(response.status).toBe(202);
    const { batch, refused } = createdBatchResponseSchema.parse(await response.json());
    expect(batch.files?.map((file) => file.name)).toEqual(["customers.xlsx", "leads.csv"]);
    expect(refused).toEqual([
      { name: "brochure.pdf", code: "unsupported_format", message: '"brochure.pdf" is a PDF document, not a contact list.' },
      { name: "logo.png", code: "unsupported_format", message: '"logo.png" is a PNG image, not a contact list.' },
    ]);
    const stored = await db().batch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(batchOptionsSchema.parse(stored.options).sheet).toBe("Customers");
    // Only the accepted files are kept: the upload's folder holds nothing else.
    const keys = await storedKeys(user.id);
    expect(keys).toHaveLength(2);
    const folder = keys[0]?.replace(/\d+$/, "") ?? "";
    for (const position of [1, 3]) expect(await storage().exists(`${folder}${position}`)).toBe(false);
    for (const key of keys) expect(await storage().exists(key)).toBe(true);
  });

  it("leaves `refused` out when every file is taken, as before", async () => {
    const { token } = await newApiUser();
    const form = await upload({ "a.csv": { content: "email\nann@acme-mail.com\n", type: "text/csv" } });
    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));
    expect(response.status).toBe(202);
    expect(Object.keys(await response.json())).toEqual(["batch"]);
  });

  it("answers 415 with every refusal when no file can hold a list, and makes no batch", async () => {
    const { user, token } = await newApiUser();
    const form = await upload({ "logo.png": { content: png, type: "image/png" }, "old.xls": { content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), type: "application/vnd.ms-excel" } });

    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));

    expect(response.status).toBe(415);
    const error = await errorBody(response);
    expect(error.code).toBe("unsupported_media_type");
    expect(error.message).toContain('"old.xls" is an old Excel or Word document (.xls, .doc), not a contact list: save it as .xlsx or CSV.');
    expect(error.details?.refused).toHaveLength(2);
    expect(await db().batch.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses a sheet name no workbook can have with 422", async () => {
    const { token } = await newApiUser();
    const form = await upload({ "a.csv": { content: "email\nann@acme-mail.com\n", type: "text/csv" } }, { sheet: "x".repeat(40) });
    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));
    expect(response.status).toBe(422);
  });
});
