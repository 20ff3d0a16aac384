// Batch creation and aggregation against the real database and pg-boss.
import { randomUUID } from "node:crypto";
import { fromPrisma, PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { enqueue } from "../../queue/enqueue";
import { ensureQueues } from "../../queue/ensure-queues";
import { batchOptionsSchema } from "../batch-options";
import { createBatch, type StoredUpload } from "../create-batch";
import { finishBatchIfDone } from "../finish-batch-if-done";
import { listBatches } from "../list-batches";

let boss: PgBoss;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
});

afterAll(async () => {
  await boss.stop({ graceful: false });
});

async function newUser() {
  return db().user.create({ data: { email: `batch-${randomUUID()}@example.com` } });
}

function upload(name: string): StoredUpload {
  return { key: `uploads/${randomUUID()}`, originalName: name, bytes: 10, sha256: "0".repeat(64), contentType: "text/csv" };
}

async function queuedJobIds(fileIds: string[]): Promise<string[]> {
  const rows = await db().$queryRaw<{ job_id: string }[]>`
    SELECT data->>'fileId' AS job_id FROM pgboss.job WHERE name = 'batch.process-file' AND data->>'fileId' = ANY(${fileIds})`;
  return rows.map((row) => row.job_id).sort();
}

async function notifyJobsFor(eventId: string): Promise<number> {
  const rows = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(*) FROM pgboss.job WHERE name = 'notification.notify' AND data->>'eventId' = ${eventId}`;
  return Number(rows[0]?.count ?? 0);
}

async function settleFile(fileId: string, status: "completed" | "failed", batchId: string, summary?: object) {
  return db().$transaction(async (tx) => {
    await tx.batchFile.update({ where: { id: fileId }, data: { status, summary, error: status === "failed" ? "not a CSV file" : null } });
    return finishBatchIfDone(tx, batchId, { boss });
  });
}

const summary = (rows: number, valid: number, invalid: number) => ({ rows, verdicts: { valid, invalid }, reasons: { syntax: invalid } });

describe("createBatch", () => {
  it("creates the batch, a file per file and a queued pg-boss file for each, together", async () => {
    const user = await newUser();
    const batch = await createBatch(boss, {
      userId: user.id,
      source: "dashboard",
      files: [upload("a.csv"), upload("b.csv"), upload("c.csv")],
      options: batchOptionsSchema.parse({}),
    });

    expect(batch.files.map((file) => file.originalName)).toEqual(["a.csv", "b.csv", "c.csv"]);
    expect(batch.status).toBe("queued");
    expect(batch.totalBytes).toBe(30n);
    const ids = batch.files.map((file) => file.id);
    expect(await queuedJobIds(ids)).toEqual([...ids].sort());
    const stored = await db().batchFile.findMany({ where: { batchId: batch.id } });
    expect(stored.every((file) => file.queueJobId !== null)).toBe(true);
  });

  it("lists a person's batches by the name of their first file", async () => {
    const user = await newUser();
    const options = batchOptionsSchema.parse({});
    await createBatch(boss, { userId: user.id, source: "dashboard", files: [upload("solo.csv")], options });
    await createBatch(boss, { userId: user.id, source: "dashboard", files: [upload("a.csv"), upload("b.csv"), upload("c.csv")], options });

    const page = await listBatches(user.id, { limit: 10 });
    expect(page.items.map((batch) => batch.title)).toEqual(["a.csv and 2 more", "solo.csv"]);
    expect(page.counts.queued).toBe(2);
  });

  it("rolls back the queued work with the rows when the transaction fails", async () => {
    const user = await newUser();
    const fileId = randomUUID();
    await expect(
      db().$transaction(async (tx) => {
        await tx.batch.create({
          data: { userId: user.id, source: "api", fileCount: 1, totalBytes: 1n, expiresAt: new Date(), files: { create: [{ id: fileId, position: 0, originalName: "x.csv", storageKey: "k", bytes: 1n, sha256: "0" }] } },
        });
        await enqueue(boss, "batch.process-file", { fileId: fileId }, { db: fromPrisma(tx) });
        throw new Error("crash after enqueue");
      }),
    ).rejects.toThrow("crash after enqueue");

    expect(await db().batchFile.count({ where: { id: fileId } })).toBe(0);
    expect(await queuedJobIds([fileId])).toEqual([]);
  });
});

describe("finishBatchIfDone", () => {
  async function batchOf(count: number) {
    const user = await newUser();
    return createBatch(boss, {
      userId: user.id,
      source: "dashboard",
      files: Array.from({ length: count }, (_, i) => upload(`f${i}.csv`)),
      options: batchOptionsSchema.parse({}),
    });
  }

  it("waits for the last file, then completes the batch with summed stats and one event", async () => {
    const batch = await batchOf(2);
    const [first, second] = batch.files;
    if (!first || !second) throw new Error("expected two files");

    expect(await settleFile(first.id, "completed", batch.id, summary(10, 8, 2))).toBeNull();
    expect((await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe("queued");

    const finished = await settleFile(second.id, "completed", batch.id, summary(5, 5, 0));
    expect(finished?.outcome).toBe("completed");
    const stored = await db().batch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(stored.status).toBe("completed");
    expect(stored.finishedAt).not.toBeNull();
    expect(stored.stats).toMatchObject({ rows: 15, verdicts: { valid: 13, invalid: 2 }, files: { total: 2, completed: 2, failed: 0 } });
    const events = await db().notificationEvent.findMany({ where: { batchId: batch.id } });
    expect(events).toEqual([expect.objectContaining({ type: "batch.finished", dedupeKey: `batch:${batch.id}:completed` })]);
  });

  it("calls a batch with failed and completed files partial, and one with no success failed", async () => {
    const mixed = await batchOf(2);
    await settleFile(mixed.files[0]!.id, "completed", mixed.id, summary(3, 3, 0));
    expect((await settleFile(mixed.files[1]!.id, "failed", mixed.id))?.outcome).toBe("partial");
    const event = await db().notificationEvent.findFirstOrThrow({ where: { batchId: mixed.id } });
    expect(event.payload).toMatchObject({
      outcome: "partial",
      files: [
        { name: "f0.csv", status: "completed", rows: 3, valid: 3, error: null },
        { name: "f1.csv", status: "failed", rows: 0, valid: 0, error: "not a CSV file" },
      ],
    });

    const broken = await batchOf(1);
    expect((await settleFile(broken.files[0]!.id, "failed", broken.id))?.outcome).toBe("failed");
  });

  it("produces exactly one aggregation and one event when the last two files finish at the same moment", async () => {
    for (let round = 0; round < 5; round += 1) {
      const batch = await batchOf(2);
      const results = await Promise.all(batch.files.map((file) => settleFile(file.id, "completed", batch.id, summary(1, 1, 0))));
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      const events = await db().notificationEvent.findMany({ where: { batchId: batch.id }, select: { id: true } });
      expect(events).toHaveLength(1);
      expect(await notifyJobsFor(events[0]!.id)).toBe(1);
    }
  });
});
