// Result downloads of a batch processed by the real worker process: the stored cleaned
// list follows the upload's "keep risky rows", every download can ask for the other,
// and the formats, the cross-file duplicate rule and the merged list work on what the
// worker stored.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { openMergedResults } from "@/lib/batches/open-merged-results";
import { openResultFile } from "@/lib/batches/open-result-file";
import { db } from "@/lib/db/client";
import { ensureQueues } from "@/lib/queue/ensure-queues";
import { storage } from "@/lib/storage/storage";
import { killWorkers, startWorker, useOwnDatabase, waitFor } from "./support/worker-harness";

let boss: PgBoss;

beforeAll(async () => {
  process.env.DATABASE_URL = await useOwnDatabase();
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL, supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
});
afterEach(killWorkers);
afterAll(async () => {
  await boss.stop({ graceful: false });
});

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const textOf = async (stream: Readable) => (await bytesOf(stream)).toString("utf8");

async function processedBatch(files: { name: string; text: string }[], options: Record<string, unknown>) {
  const user = await db().user.create({ data: { email: `downloads-${randomUUID()}@acme-mail.com` } });
  const stored = [];
  for (const file of files) {
    const key = `uploads/${randomUUID()}`;
    const { bytes } = await storage().put(key, Readable.from([Buffer.from(file.text, "utf8")]));
    stored.push({ key, originalName: file.name, bytes, sha256: "0".repeat(64), contentType: "text/csv" });
  }
  const batch = await createBatch(boss, { userId: user.id, source: "api", files: stored, options: batchOptionsSchema.parse(options) });
  startWorker();
  await waitFor(() => db().batch.findUniqueOrThrow({ where: { id: batch.id } }), (row) => row.status === "completed", 60_000);
  const fileRows = await db().batchFile.findMany({ where: { batchId: batch.id }, orderBy: { position: "asc" } });
  return { userId: user.id, batchId: batch.id, files: fileRows };
}

it("keeps risky rows when the upload asked, and gives either list, any format, and the batch as one list", { timeout: 90_000 }, async () => {
  const { userId, batchId, files } = await processedBatch(
    [
      { name: "crm-a.csv", text: "email,name\nann@acme-mail.com,Ann\ninfo@acme-mail.com,Front desk\n" },
      { name: "crm-b.txt", text: "email\tphone\nbob@acme-mail.com\t+44 20 7946 0958\nann@acme-mail.com\t\n" },
    ],
    { keep_risky: true },
  );
  const [a, b] = files;
  if (!a || !b) throw new Error("two files expected");

  // Processing time: the stored cleaned list has the risky row, as the upload asked.
  expect(await textOf(storage().get(a.cleanedKey ?? ""))).toContain("info@acme-mail.com");
  const asked = await openResultFile(userId, batchId, a.id, "cleaned", { format: "csv" });
  expect(asked.fileName).toBe("crm-a-cleaned.csv");
  expect(await textOf(asked.stream)).toContain("info@acme-mail.com");
  // Re-exported without them, without uploading again.
  const without = await openResultFile(userId, batchId, a.id, "cleaned", { format: "csv", risky: "exclude" });
  expect(await textOf(without.stream)).toBe("email,name,normalized_email\r\nann@acme-mail.com,Ann,ann@acme-mail.com\r\n");

  // The tab-separated file: a .tsv, and Ann is a duplicate of the first file's row.
  const report = await openResultFile(userId, batchId, b.id, "report", { format: "csv" });
  expect(report.fileName).toBe("crm-b-report.tsv");
  expect(report.contentType).toBe("text/tab-separated-values; charset=utf-8");
  const reportLines = (await textOf(report.stream)).split("\r\n");
  expect(reportLines[2]?.split("\t").slice(0, 7)).toEqual(["ann@acme-mail.com", "", "ann@acme-mail.com", "", "", "duplicate", "duplicate"]);
  expect(reportLines[2]).toContain("Same address as line 2 of crm-a.csv.");

  // CSV for Excel: byte order mark, the upload's tab, the phone number as written.
  const forExcel = await openResultFile(userId, batchId, b.id, "cleaned", { format: "excel-csv" });
  expect(forExcel.fileName).toBe("crm-b-cleaned.tsv");
  const excelBytes = await bytesOf(forExcel.stream);
  expect(excelBytes.toString("utf8")).toBe("\uFEFFemail\tphone\tnormalized_email\r\nbob@acme-mail.com\t+44 20 7946 0958\tbob@acme-mail.com\r\n");

  // The batch as one workbook: each address once, the file each row came from.
  const merged = await openMergedResults(userId, batchId, "cleaned", { format: "xlsx" });
  expect(merged.fileName).toBe(`batch_${batchId}-all-cleaned.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await bytesOf(merged.stream)) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((_, i) => row.getCell(i + 1).text)));
  expect(rows).toEqual([
    ["email", "name", "phone", "normalized_email", "source_file"],
    ["ann@acme-mail.com", "Ann", "", "ann@acme-mail.com", "crm-a.csv"],
    ["info@acme-mail.com", "Front desk", "", "info@acme-mail.com", "crm-a.csv"],
    ["bob@acme-mail.com", "", "+44 20 7946 0958", "bob@acme-mail.com", "crm-b.txt"],
  ]);

  // Someone else's batch is not found, whatever the format.
  const stranger = await db().user.create({ data: { email: `stranger-${randomUUID()}@acme-mail.com` } });
  await expect(openMergedResults(stranger.id, batchId, "cleaned", { format: "xlsx" })).rejects.toMatchObject({ code: "not_found" });
  await expect(openResultFile(stranger.id, batchId, b.id, "report", { format: "csv" })).rejects.toMatchObject({ code: "not_found" });
});
