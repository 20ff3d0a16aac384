// The dead-letter race of a file queued again after a storage outage, against the real
// database and pg-boss: the old job's last attempt queued the file as a new job, then
// its worker died before pg-boss recorded the old job as done, so pg-boss failed it
// into the dead-letter queue. Its dead-letter handler must leave the file to the new
// job; a job that still owns its file is failed as before.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { queueHandlers } from "@/worker/queue-handlers";
import { workQueues } from "../../queue/work-queues";
import { ensureQueues } from "../../queue/ensure-queues";
import { storage } from "../../storage/storage";
import { batchOptionsSchema } from "../batch-options";
import { createBatch } from "../create-batch";
import { requeueFileAfterOutage } from "../requeue-file-after-outage";

const QUEUE = "batch.process-file";
let boss: PgBoss;

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await boss.start();
  // Queues only: nobody works them until each file is where the race leaves it.
  await ensureQueues(boss);
});

afterAll(async () => {
  await boss.stop({ graceful: false });
});

async function newFile() {
  const key = `uploads/${randomUUID()}/0`;
  const body = Buffer.from("name,email\nAda,ada@acme-mail.com\n");
  await storage().put(key, Readable.from([body]));
  const user = await db().user.create({ data: { email: `race-${randomUUID()}@acme-mail.com` } });
  const files = [{ key, originalName: "contacts.csv", bytes: body.length, sha256: "0".repeat(64), contentType: "text/csv" }];
  const batch = await createBatch(boss, { userId: user.id, source: "api", files, options: batchOptionsSchema.parse({}) });
  const file = await db().batchFile.findFirstOrThrow({ where: { batchId: batch.id } });
  return { batchId: batch.id, fileId: file.id, firstJobId: file.queueJobId! };
}

/** Takes the file's job as a worker does on its last attempt: no retry follows a failure. */
async function startLastAttempt(jobId: string, fileId: string) {
  await db().$executeRaw`UPDATE pgboss.job SET retry_count = retry_limit WHERE id = ${jobId}::uuid`;
  // The only job due: a requeued file's new job waits its 30 s.
  const [fetched] = await boss.fetch(QUEUE);
  expect(fetched?.id).toBe(jobId);
  // What processBatchFile writes when it starts the file.
  const file = await db().batchFile.update({ where: { id: fileId }, data: { status: "processing", attempts: { increment: 1 } } });
  await db().batch.update({ where: { id: file.batchId }, data: { status: "processing", startedAt: new Date() } });
}

async function deadLetterJobsDone(count: number) {
  const until = Date.now() + 20_000;
  for (;;) {
    const jobs = await boss.findJobs(`${QUEUE}.dead`);
    if ((jobs.length >= count && jobs.every((job) => job.state === "completed")) || Date.now() > until) return jobs;
    await sleep(200);
  }
}

describe("a file's old job reaching the dead-letter queue", () => {
  it("leaves a file queued again after an outage to its new job, and still fails a file its dead job owns", async () => {
    // The race: the last attempt met a storage outage and queued the file again (a new
    // job, due in 30 s), then its worker died before reporting; pg-boss fails the job
    // (as its expiry would) into the dead-letter queue.
    const requeued = await newFile();
    await startLastAttempt(requeued.firstJobId, requeued.fileId);
    expect(await requeueFileAfterOutage(requeued.fileId, boss)).toBe(true);
    const { queueJobId: newJobId } = await db().batchFile.findUniqueOrThrow({ where: { id: requeued.fileId } });
    expect(newJobId).not.toBe(requeued.firstJobId);
    await boss.fail(QUEUE, requeued.firstJobId, { message: "worker gone" });

    // The control: a file whose last attempt died with it, nothing queued since.
    const abandoned = await newFile();
    await startLastAttempt(abandoned.firstJobId, abandoned.fileId);
    await boss.fail(QUEUE, abandoned.firstJobId, { message: "worker gone" });

    await workQueues(boss, queueHandlers);
    const deadJobs = await deadLetterJobsDone(2);
    expect(deadJobs.map((job) => job.state)).toEqual(["completed", "completed"]);
    expect(deadJobs.map((job) => job.sourceId).sort()).toEqual([requeued.firstJobId, abandoned.firstJobId].sort());

    const waiting = await db().batchFile.findUniqueOrThrow({ where: { id: requeued.fileId }, include: { batch: true } });
    expect(waiting).toMatchObject({ status: "queued", queueJobId: newJobId, errorCode: null });
    expect(waiting.error).toMatch(/^Waiting for storage/);
    expect(waiting.batch.status).toBe("processing");
    expect(await db().notificationEvent.count({ where: { batchId: requeued.batchId } })).toBe(0);
    // Its new job is still there to do the work.
    const [next] = await boss.findJobs(QUEUE, { id: newJobId! });
    expect(next?.state).toBe("created");

    const failed = await db().batchFile.findUniqueOrThrow({ where: { id: abandoned.fileId }, include: { batch: true } });
    expect(failed).toMatchObject({ status: "failed", errorCode: "processing_failed" });
    expect(failed.error).toMatch(/^Processing did not finish after several attempts/);
    expect(failed.batch.status).toBe("failed");
    expect(await db().notificationEvent.count({ where: { batchId: abandoned.batchId } })).toBe(1);
  }, 60_000);
});
