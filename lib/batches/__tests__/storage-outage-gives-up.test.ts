// A storage outage that outlasts STORAGE_OUTAGE_MAX_ATTEMPTS, for real: the worker's
// storage is an S3 endpoint on a loopback port nobody listens on, so every read is
// refused (ECONNREFUSED through the AWS SDK). The file waits one more round (queued
// again as a new job), then fails with the "unavailable for too long" reason, and its
// owner gets one failure email. The limit is set low so the test gets there in a few
// attempts instead of half an hour; the attempts are called as the queue would call
// them, the email goes through the real notify and send queues.
import { randomUUID } from "node:crypto";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedLoopbackPort } from "../../db/__tests__/support/closed-port";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { env } from "../../env";
import { log } from "../../log";
import { ensureQueues } from "../../queue/ensure-queues";
import { workQueues } from "../../queue/work-queues";
import { isStorageUnavailable } from "../../storage/storage-unavailable";
import { queueHandlers } from "@/worker/queue-handlers";
import { waitFor } from "@/worker/__tests__/support/worker-harness";
import { batchOptionsSchema } from "../batch-options";
import { createBatch } from "../create-batch";
import { processBatchFile } from "../process-batch-file";

let boss: PgBoss;

beforeAll(async () => {
  // Read by env() on first use, which comes after this.
  Object.assign(process.env, {
    DATABASE_URL: await createScratchDatabase({ migrated: true }),
    STORAGE_DRIVER: "s3",
    S3_BUCKET: "tidings",
    S3_ENDPOINT: `http://127.0.0.1:${await closedLoopbackPort()}`,
    S3_FORCE_PATH_STYLE: "true",
    S3_ACCESS_KEY_ID: "AKIA0000",
    S3_SECRET_ACCESS_KEY: "secret-for-a-bucket-that-is-not-there",
    STORAGE_OUTAGE_MAX_ATTEMPTS: "5",
    STORAGE_OUTAGE_REQUEUE_SECONDS: "0",
    // The dev mailbox: what is sent is stored in this database.
    RESEND_API_KEY: "",
    SMTP_URL: "",
  });
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
});

afterAll(async () => {
  await boss.stop({ graceful: false });
});

/** One attempt of the file's job, as the queue runs it: retries 0–3, the last of them the last attempt. */
async function attempt(fileId: string, retryCount: number): Promise<unknown> {
  const context = { jobId: randomUUID(), signal: new AbortController().signal, retryCount, isLastAttempt: retryCount === 3, log, boss };
  try {
    await processBatchFile(fileId, context);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("storage away for longer than a file waits", () => {
  it("queues the file again while it may wait, then fails it with the storage reason and emails its owner once", { timeout: 90_000 }, async () => {
    expect(env()).toMatchObject({ STORAGE_DRIVER: "s3", STORAGE_OUTAGE_MAX_ATTEMPTS: 5, STORAGE_OUTAGE_REQUEUE_SECONDS: 0 });
    const user = await db().user.create({ data: { email: `outage-${randomUUID()}@acme-mail.com` } });
    const files = [{ key: `uploads/${randomUUID()}/0`, originalName: "contacts.csv", bytes: 40, sha256: "0".repeat(64), contentType: "text/csv" }];
    const batch = await createBatch(boss, { userId: user.id, source: "api", files, options: batchOptionsSchema.parse({}) });
    const { id: fileId, queueJobId: firstJobId } = await db().batchFile.findFirstOrThrow({ where: { batchId: batch.id } });

    // Round 1: every attempt meets the outage. The first three retry; the last (4 of 5
    // allowed attempts) queues the file again instead of failing it.
    for (const retryCount of [0, 1, 2]) expect(isStorageUnavailable(await attempt(fileId, retryCount))).toBe(true);
    expect(await attempt(fileId, 3)).toBeUndefined();
    const waiting = await db().batchFile.findUniqueOrThrow({ where: { id: fileId } });
    expect(waiting).toMatchObject({ status: "queued", attempts: 4 });
    expect(waiting.error).toMatch(/^Waiting for storage/);
    expect(waiting.queueJobId).not.toBe(firstJobId);

    // Round 2: past the limit, the last attempt fails the file for good.
    for (const retryCount of [0, 1, 2]) expect(isStorageUnavailable(await attempt(fileId, retryCount))).toBe(true);
    expect(isStorageUnavailable(await attempt(fileId, 3))).toBe(true);
    const failed = await db().batchFile.findUniqueOrThrow({ where: { id: fileId }, include: { batch: true } });
    expect(failed).toMatchObject({ status: "failed", attempts: 8, errorCode: "processing_failed" });
    expect(failed.error).toBe("File storage was unavailable for too long. Retry the file once it is back.");
    expect(failed.batch.status).toBe("failed");

    // The worker takes it from here: the file's queued jobs find it final and do
    // nothing, the batch's event becomes exactly one email to its owner.
    await workQueues(boss, queueHandlers);
    const emails = await waitFor(() => db().mailboxMessage.findMany(), (messages) => messages.length >= 1, 30_000);
    const openJobs = () => boss.findJobs("batch.process-file").then((jobs) => jobs.filter((job) => job.state !== "completed"));
    await waitFor(openJobs, (jobs) => jobs.length === 0, 30_000);
    const delivered = await db().mailboxMessage.findMany();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.to).toEqual([user.email]);
    expect(delivered[0]!.subject).toBe("contacts.csv could not be processed");
    expect(delivered[0]!.text).toContain("File storage was unavailable for too long.");
    expect(emails[0]!.id).toBe(delivered[0]!.id);
    expect(await db().batchFile.findUniqueOrThrow({ where: { id: fileId } })).toMatchObject({ status: "failed", attempts: 8 });
  });
});
