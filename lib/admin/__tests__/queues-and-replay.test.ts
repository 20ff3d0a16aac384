// The admin page's queue numbers, dead-letter list and Replay against a real pg-boss:
// jobs are created in known states and the numbers must match them.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { log } from "../../log";
import { finishedBatch, newUser } from "../../notifications/__tests__/support/finished-batch";
import { notifyEvent } from "../../notifications/rules/notify-event";
import { listDeadLetterJobs } from "../list-dead-letter-jobs";
import { getQueueOverview } from "../queue-overview";
import { replayDeadLetterJob } from "../replay-dead-letter-job";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";

const admin = { email: "Ops@Example.com", adminEmails: ["ops@example.com"] };
const stranger = { email: "someone@example.com", adminEmails: ["ops@example.com"] };
const QUEUE = "notification.send-email";

let boss: PgBoss;

beforeAll(async () => {
  boss = await startQueueDatabase();
});

afterAll(async () => {
  await boss.stop({ graceful: false });
});

const payload = () => ({ deliveryId: `d_${randomUUID().slice(0, 8)}` });

/** Sends `count` jobs and takes them from the queue, as a worker would (ahead of jobs left queued). */
async function fetched(count: number, options: { retryLimit: number }) {
  const ids: (string | null)[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await boss.send(QUEUE, payload(), { retryLimit: options.retryLimit, retryDelay: 3600, priority: 1 }));
  const jobs = await boss.fetch(QUEUE, { batchSize: count });
  expect(jobs.map((job) => job.id).sort()).toEqual(ids.sort());
  return jobs;
}

describe("queue overview", () => {
  it("counts queued, active, retrying and dead-letter jobs, and the last hour's completed and failed", async () => {
    // 4 completed, 1 failed for good (to the dead-letter queue), 2 waiting to retry, 1 running, 3 queued.
    const done = await fetched(4, { retryLimit: 0 });
    await boss.complete(QUEUE, done.map((job) => job.id));
    const [dead] = await fetched(1, { retryLimit: 0 });
    await boss.fail(QUEUE, dead!.id, { message: "provider answered 503" });
    const retrying = await fetched(2, { retryLimit: 3 });
    await boss.fail(QUEUE, retrying.map((job) => job.id), { message: "timeout" });
    await fetched(1, { retryLimit: 0 });
    for (let i = 0; i < 3; i += 1) await boss.send(QUEUE, payload());

    const overview = await getQueueOverview(admin);
    expect(overview.map((queue) => queue.name)).toContain("maintenance.clean-up");
    expect(overview.find((queue) => queue.name === QUEUE)).toEqual({
      name: QUEUE,
      queued: 3,
      active: 1,
      retry: 2,
      deadLetter: 1,
      completedLastHour: 4,
      failedLastHour: 1,
      failureRate: 0.2,
    });
    // A queue without a dead-letter queue says so; an idle one has no rate.
    expect(overview.find((queue) => queue.name === "maintenance.clean-up")).toMatchObject({ deadLetter: null, failureRate: null, queued: 0 });

    // Finished more than an hour ago: out of the hour's numbers.
    const later = new Date(Date.now() + 2 * 3600_000);
    expect((await getQueueOverview(admin, later)).find((queue) => queue.name === QUEUE)).toMatchObject({ completedLastHour: 0, failedLastHour: 0, failureRate: null, queued: 3 });
  });

  it("refuses anyone not in ADMIN_EMAILS", async () => {
    await expect(getQueueOverview(stranger)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listDeadLetterJobs(stranger)).rejects.toMatchObject({ code: "forbidden" });
    await expect(replayDeadLetterJob(boss, stranger, { queue: QUEUE, jobId: randomUUID() })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getQueueOverview({ email: "ops@example.com", adminEmails: [] })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("dead-letter queue and replay", () => {
  it("lists a job that failed for good and sends it back to its queue on Replay, once", async () => {
    const [job] = await fetched(1, { retryLimit: 0 });
    const data = job!.data as { deliveryId: string };
    await boss.fail(QUEUE, job!.id, { message: "Invalid `to` field." });

    const { items, total } = await listDeadLetterJobs(admin);
    const entry = items.find((item) => item.sourceJobId === job!.id);
    expect(entry).toMatchObject({ queue: QUEUE, payloadSummary: `deliveryId: ${data.deliveryId}`, error: "Invalid `to` field.", attempts: 1 });
    expect(total).toBeGreaterThanOrEqual(1);
    // Newest first.
    expect(items[0]!.sourceJobId).toBe(job!.id);
    // Kept 30 days after the dead-letter worker has handled it, not pg-boss' default 7.
    const [stored] = await boss.findJobs(`${QUEUE}.dead`, { id: entry!.id });
    expect(stored?.deleteAfterSeconds).toBe(30 * 24 * 3600);

    const queuedBefore = (await boss.findJobs(QUEUE, { data, queued: true })).length;
    const { jobId } = await replayDeadLetterJob(boss, admin, { queue: QUEUE, jobId: entry!.id });
    const replayed = await boss.findJobs<{ deliveryId: string }>(QUEUE, { id: jobId });
    expect(replayed[0]).toMatchObject({ state: "created", data, retryCount: 0 });
    expect((await boss.findJobs(QUEUE, { data, queued: true })).length).toBe(queuedBefore + 1);
    expect((await listDeadLetterJobs(admin)).items.some((item) => item.id === entry!.id)).toBe(false);

    // A second press (or a second admin) finds it gone.
    await expect(replayDeadLetterJob(boss, admin, { queue: QUEUE, jobId: entry!.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("reopens what the dead-letter handler made final, so the replayed job has work to do", async () => {
    // Two emails sent in one group, given up together after every retry.
    const user = await newUser();
    const deliveries = [];
    for (let i = 0; i < 2; i += 1) {
      const { eventId } = await finishedBatch(boss, user.id, ["completed"]);
      await notifyEvent(eventId, { boss, log });
      deliveries.push(await db().delivery.findFirstOrThrow({ where: { eventId, channel: "email" } }));
    }
    const ids = deliveries.map((delivery) => delivery.id);
    await db().delivery.updateMany({ where: { id: { in: ids } }, data: { status: "failed", failedAt: new Date(), sendGroup: `grp_${randomUUID()}` } });
    const jobId = await boss.send(QUEUE, { deliveryId: ids[0] }, { retryLimit: 0, priority: 2 });
    const [job] = await boss.fetch(QUEUE, { batchSize: 1 });
    expect(job?.id).toBe(jobId);
    await boss.fail(QUEUE, jobId!, { message: "503 from Resend, 8 times" });
    const entry = (await listDeadLetterJobs(admin)).items.find((item) => item.sourceJobId === jobId);

    await replayDeadLetterJob(boss, admin, { queue: QUEUE, jobId: entry!.id });
    const reopened = await db().delivery.findMany({ where: { id: { in: ids } } });
    expect(reopened.map((delivery) => [delivery.status, delivery.failedAt])).toEqual([["queued", null], ["queued", null]]);
  });

  it("replays a job two admins press at once only once", async () => {
    const [job] = await fetched(1, { retryLimit: 0 });
    await boss.fail(QUEUE, job!.id, { message: "boom" });
    const entry = (await listDeadLetterJobs(admin)).items.find((item) => item.sourceJobId === job!.id)!;
    const results = await Promise.allSettled([0, 1].map(() => replayDeadLetterJob(boss, admin, { queue: QUEUE, jobId: entry.id })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect((await boss.findJobs(QUEUE, { data: job!.data as object })).filter((found) => found.state === "created")).toHaveLength(1);
  });

  it("refuses a payload the queue no longer accepts and an unknown queue or id", async () => {
    await boss.send(QUEUE, { unexpected: true }, { retryLimit: 0 });
    const [job] = await boss.fetch(QUEUE, { batchSize: 100 }).then((jobs) => jobs.filter((found) => (found.data as { unexpected?: boolean }).unexpected));
    await boss.fail(QUEUE, job!.id, { message: "invalid payload" });
    const entry = (await listDeadLetterJobs(admin)).items.find((item) => item.sourceJobId === job!.id)!;

    await expect(replayDeadLetterJob(boss, admin, { queue: QUEUE, jobId: entry.id })).rejects.toMatchObject({ code: "conflict" });
    // Still there: nothing was half done.
    expect((await listDeadLetterJobs(admin)).items.some((item) => item.id === entry.id)).toBe(true);
    await expect(replayDeadLetterJob(boss, admin, { queue: "maintenance.clean-up" as never, jobId: entry.id })).rejects.toThrow();
    await expect(replayDeadLetterJob(boss, admin, { queue: QUEUE, jobId: "not-a-uuid" })).rejects.toThrow();
  });
});
