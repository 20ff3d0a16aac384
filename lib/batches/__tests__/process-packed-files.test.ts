// Workbooks and packed lists through the real worker path: stored files, a batch with
// its options, pg-boss working the queue, results in storage and on the file record.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueHandlers } from "@/worker/queue-handlers";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { workQueues } from "../../queue/work-queues";
import { storage } from "../../storage/storage";
import { makeWorkbook } from "../../verification/__tests__/support/make-workbook";
import { makeZip } from "../../verification/__tests__/support/make-zip";
import { batchOptionsSchema } from "../batch-options";
import { createBatch } from "../create-batch";

let worker: PgBoss;

beforeAll(async () => {
  // Its own database: queue workers in files running alongside must not take these files.
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  worker = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await worker.start();
  await workQueues(worker, queueHandlers);
});

afterAll(async () => {
  await worker.stop({ graceful: false });
});

async function storeFile(name: string, content: Buffer) {
  const key = `uploads/${randomUUID()}/0`;
  await storage().put(key, Readable.from([content]));
  return { key, originalName: name, bytes: content.length, sha256: "0".repeat(64), contentType: null };
}

async function finishedBatch(files: Awaited<ReturnType<typeof storeFile>>[], options: unknown = {}) {
  const user = await db().user.create({ data: { email: `packed-${randomUUID()}@example.com` } });
  const batch = await createBatch(worker, { userId: user.id, source: "api", files, options: batchOptionsSchema.parse(options) });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const current = await db().batch.findUniqueOrThrow({ where: { id: batch.id }, include: { files: { orderBy: { position: "asc" } } } });
    if (!["queued", "processing"].includes(current.status)) return current;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`batch ${batch.id} did not finish`);
}

const workbook = () =>
  makeWorkbook([
    { name: "Leads", rows: [["email"], ["lead@acme-mail.com"]] },
    { name: "Customers", rows: [["Name", "E-mail"], ["Ann", "ann@acme-mail.com"], ["Bob", "bob@acme-mail"]] },
  ]);

describe("the worker reads workbooks and packed lists", () => {
  it("verifies the sheet the upload picked, a .csv.gz and a zipped CSV, with the storage's byte counts", async () => {
    const xlsx = await workbook();
    const csv = "email\ncy@acme-mail.com\nnope\n";
    const files = [
      await storeFile("crm.xlsx", xlsx),
      await storeFile("export.csv.gz", gzipSync(csv)),
      await storeFile("export.zip", makeZip([{ name: "export/list.csv", content: csv }], { streamed: true })),
    ];

    const batch = await finishedBatch(files, { sheet: "customers" });

    expect(batch.status).toBe("completed");
    const [sheet, gz, zip] = batch.files;
    expect(sheet?.summary).toMatchObject({ rows: 2, verdicts: { valid: 1, invalid: 1 }, column: { name: "E-mail" }, input: { format: "xlsx", sheet: "Customers" } });
    expect(sheet?.bytesProcessed).toBe(BigInt(xlsx.length));
    expect(await text(storage().get(sheet?.cleanedKey ?? ""))).toBe("Name,E-mail,normalized_email\r\nAnn,ann@acme-mail.com,ann@acme-mail.com\r\n");
    expect(gz?.summary).toMatchObject({ rows: 2, verdicts: { valid: 1, invalid: 1 }, input: { format: "gzip" } });
    expect(zip?.summary).toMatchObject({ rows: 2, verdicts: { valid: 1, invalid: 1 }, input: { format: "zip", entry: "export/list.csv" } });
  });

  it("fails a workbook without the picked sheet with a message naming its sheets, and a zip bomb past the file limit", async () => {
    // 60 MB of one byte in an entry before the list: small packed, past the limit unpacked.
    const bomb = makeZip([{ name: "padding.bin", content: Buffer.alloc(60 * 1024 * 1024, 0x61) }, { name: "list.csv", content: "email\nann@acme-mail.com\n" }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);

    const batch = await finishedBatch([await storeFile("crm.xlsx", await workbook()), await storeFile("huge.zip", bomb)], { sheet: 7 });

    expect(batch.status).toBe("failed");
    expect(batch.files[0]?.error).toBe('The workbook has no sheet 7; it has 2 sheets: "Leads", "Customers". Upload it again and pick one of them.');
    // UPLOAD_MAX_FILE_BYTES is 50 MB by default.
    expect(batch.files[1]?.error).toMatch(/^Unpacked, this archive holds more than 50 MB, the most a file may hold/);
  });
});
