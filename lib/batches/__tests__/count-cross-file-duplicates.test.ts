// Counting cross-file duplicates when a batch ends, against the real database, pg-boss,
// local storage and the real processor: the numbers the batch announces agree with its
// merged download, a count cut off writes nothing, and the outcome is announced once.
import { randomUUID } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import Papa from "papaparse";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { apiBatchSchema } from "../../api/api-schemas";
import { toApiBatch } from "../../api/to-api-batch";
import { db } from "../../db/client";
import { log } from "../../log";
import { ensureQueues } from "../../queue/ensure-queues";
import { exportResults } from "../../results/export-results";
import { CsvTableWriter } from "../../results/table-writer";
import { storage } from "../../storage/storage";
import { batchOptionsSchema } from "../batch-options";
import { countCrossFileDuplicates, finishWithoutCrossFileCounts } from "../count-cross-file-duplicates";
import { createBatch } from "../create-batch";
import { getBatch } from "../get-batch";
import { loadResultSources } from "../load-result-sources";
import { processBatchFile } from "../process-batch-file";

let boss: PgBoss;

beforeAll(async () => {
  // Its own database, and no worker on it: the count jobs queued here are run by hand.
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
});

afterAll(async () => {
  await boss.stop({ graceful: false });
});

const context = (signal = new AbortController().signal) => ({ jobId: randomUUID(), signal, retryCount: 0, isLastAttempt: false, log, boss });

// ann and info (risky: a role) come back in crm-b, j.doe@gmail.com as jdoe@gmail.com (the
// same Gmail mailbox), and bob of crm-b comes back in crm-c. bob twice in crm-b is the
// processor's own duplicate, within the file.
const FILES = [
  ["crm-a.csv", "email,name\nann@acme-mail.com,Ann\ninfo@acme-mail.com,Front desk\nbad-address,Nobody\nj.doe@gmail.com,Jo\n"],
  ["crm-b.csv", "Name,Email\nBob,bob@acme-mail.com\nAnn again,ANN@acme-mail.com\nDesk,info@acme-mail.com\nBob,bob@acme-mail.com\nJo,jdoe@gmail.com\n"],
  ["crm-c.csv", "email\nbob@acme-mail.com\ncy@acme-mail.com\n"],
] as const;

/** A batch of the three files, each processed as the worker would, in upload order. */
async function processedBatch() {
  const user = await db().user.create({ data: { email: `cross-file-${randomUUID()}@acme-mail.com` } });
  const stored = [];
  for (const [name, content] of FILES) {
    const key = `uploads/${randomUUID()}/0`;
    const { bytes } = await storage().put(key, Readable.from([Buffer.from(content)]));
    stored.push({ key, originalName: name, bytes, sha256: "0".repeat(64), contentType: "text/csv" });
  }
  const batch = await createBatch(boss, { userId: user.id, source: "api", files: stored, options: batchOptionsSchema.parse({}) });
  for (const file of batch.files) await processBatchFile(file.id, context());
  return { batchId: batch.id, userId: user.id, fileIds: batch.files.map((file) => file.id) };
}

const readBatch = (batchId: string) => db().batch.findUniqueOrThrow({ where: { id: batchId }, include: { files: { orderBy: { position: "asc" } } } });

async function queued(name: string, batchId: string): Promise<number> {
  const rows = await db().$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM pgboss.job WHERE name = ${name} AND data->>'batchId' = ${batchId}`;
  return Number(rows[0]?.count ?? 0);
}

async function notifyJobs(batchId: string): Promise<number> {
  const rows = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(*) FROM pgboss.job j JOIN "NotificationEvent" e ON e.id = j.data->>'eventId'
    WHERE j.name = 'notification.notify' AND e."batchId" = ${batchId}`;
  return Number(rows[0]?.count ?? 0);
}

/** Rows of the batch's merged report by verdict: what a person downloads. */
async function mergedVerdicts(userId: string, batchId: string): Promise<Record<string, number>> {
  const { sources } = await loadResultSources(userId, batchId);
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  await exportResults(
    { kind: "report", keepRisky: false, sources: sources.map((entry) => entry.source), target: "merged" },
    new CsvTableWriter(stream, { delimiter: ",", bom: false, newline: "\n" }),
  );
  const rows = Papa.parse<Record<string, string>>(Buffer.concat(chunks).toString("utf8"), { header: true, skipEmptyLines: true }).data;
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.verdict ?? ""] = (counts[row.verdict ?? ""] ?? 0) + 1;
  return counts;
}

describe("counting cross-file duplicates when a batch ends", () => {
  it("holds the outcome back until counted, then announces numbers that agree with the merged download", async () => {
    const { batchId, userId } = await processedBatch();

    // Every file has ended, but nothing is announced before the count.
    const waiting = await readBatch(batchId);
    expect(waiting.status).toBe("processing");
    expect(waiting.files.map((file) => file.status)).toEqual(["completed", "completed", "completed"]);
    expect(await queued("batch.count-cross-file-duplicates", batchId)).toBe(1);
    expect(await db().notificationEvent.count({ where: { batchId } })).toBe(0);

    await countCrossFileDuplicates(batchId, context());

    const batch = await readBatch(batchId);
    expect(batch.status).toBe("completed");
    expect(batch.files.map((file) => file.crossFileDuplicates)).toEqual([
      { valid: 0, risky: 0, duplicate: 0, alias_duplicate: 0 },
      { valid: 2, risky: 1, duplicate: 2, alias_duplicate: 1 },
      { valid: 1, risky: 0, duplicate: 1, alias_duplicate: 0 },
    ]);
    // 4 + 5 + 2 rows: valid ann, j.doe, bob (b), cy; risky info (a); the rest duplicates but bad-address.
    expect(batch.stats).toMatchObject({ rows: 11, verdicts: { valid: 4, risky: 1, invalid: 1, duplicate: 5 }, crossFileDuplicates: 4 });
    expect((batch.stats as { reasons: Record<string, number> }).reasons).toMatchObject({ duplicate: 4, alias_duplicate: 1 });
    const merged = await mergedVerdicts(userId, batchId);
    expect(merged).toEqual({ valid: 4, risky: 1, invalid: 1, duplicate: 5 });

    // The API's batch too: the totals, and each file's counts net of what an earlier file had.
    const api = apiBatchSchema.parse(toApiBatch(await getBatch(userId, batchId), "http://localhost:3000"));
    expect(api.stats).toMatchObject({ verdicts: merged, crossFileDuplicates: 4 });
    expect(api.files?.map((file) => [file.crossFileDuplicates, file.summary?.verdicts])).toEqual([
      [0, { valid: 2, risky: 1, invalid: 1, duplicate: 0 }],
      [3, { valid: 1, risky: 0, invalid: 0, duplicate: 4 }],
      [1, { valid: 1, risky: 0, invalid: 0, duplicate: 1 }],
    ]);

    // The email's snapshot says the same, file by file.
    const [event, ...more] = await db().notificationEvent.findMany({ where: { batchId } });
    expect(more).toHaveLength(0);
    const payload = event?.payload as { files: { name: string; valid: number; crossFileDuplicates?: number }[]; stats: { verdicts: Record<string, number> } };
    expect(payload.files.map(({ name, valid, crossFileDuplicates }) => ({ name, valid, crossFileDuplicates }))).toEqual([
      { name: "crm-a.csv", valid: 2, crossFileDuplicates: undefined },
      { name: "crm-b.csv", valid: 1, crossFileDuplicates: 3 },
      { name: "crm-c.csv", valid: 1, crossFileDuplicates: 1 },
    ]);
    expect(payload.stats.verdicts).toEqual(merged);
    expect(await notifyJobs(batchId)).toBe(1);

    // A late copy of the job finds the batch ended and changes nothing.
    await countCrossFileDuplicates(batchId, context());
    expect(await db().notificationEvent.count({ where: { batchId } })).toBe(1);
  });

  it("writes nothing when a count is cut off, and announces once when counted again twice at the same time", async () => {
    const { batchId } = await processedBatch();
    const stopped = new AbortController();
    stopped.abort(new Error("worker stopping"));
    await expect(countCrossFileDuplicates(batchId, context(stopped.signal))).rejects.toThrow("worker stopping");
    const cut = await readBatch(batchId);
    expect(cut.status).toBe("processing");
    expect(cut.files.map((file) => file.crossFileDuplicates)).toEqual([null, null, null]);
    expect(await db().notificationEvent.count({ where: { batchId } })).toBe(0);

    await Promise.all([countCrossFileDuplicates(batchId, context()), countCrossFileDuplicates(batchId, context())]);
    const batch = await readBatch(batchId);
    expect(batch.status).toBe("completed");
    expect(batch.stats).toMatchObject({ verdicts: { valid: 4, risky: 1, invalid: 1, duplicate: 5 } });
    expect(await db().notificationEvent.count({ where: { batchId } })).toBe(1);
    expect(await notifyJobs(batchId)).toBe(1);
  });

  it("leaves a batch whose file was opened again to that file's end", async () => {
    const { batchId, fileIds } = await processedBatch();
    // As a re-run with another column does: the file is queued again before the count runs.
    await db().batchFile.update({ where: { id: fileIds[2] ?? "" }, data: { status: "queued" } });
    await countCrossFileDuplicates(batchId, context());
    const batch = await readBatch(batchId);
    expect(batch.status).toBe("processing");
    expect(batch.files.map((file) => file.crossFileDuplicates)).toEqual([null, null, null]);
    expect(await db().notificationEvent.count({ where: { batchId } })).toBe(0);

    // Its end queues the count again.
    await processBatchFile(fileIds[2] ?? "", context());
    expect(await queued("batch.count-cross-file-duplicates", batchId)).toBe(2);
  });

  it("ends the batch without the counts when counting gave up for good, rather than never", async () => {
    const { batchId } = await processedBatch();
    await finishWithoutCrossFileCounts(batchId, context());
    const batch = await readBatch(batchId);
    expect(batch.status).toBe("completed");
    expect(batch.files.map((file) => file.crossFileDuplicates)).toEqual([null, null, null]);
    // The files' own numbers, as before cross-file counting existed.
    expect(batch.stats).toMatchObject({ verdicts: { valid: 7, risky: 2, invalid: 1, duplicate: 1 } });
    expect(batch.stats).not.toHaveProperty("crossFileDuplicates");
    expect(await db().notificationEvent.count({ where: { batchId } })).toBe(1);
  });
});
