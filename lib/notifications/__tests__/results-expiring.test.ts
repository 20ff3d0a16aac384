// The results-expiring reminder: one event per batch whose downloadable results are
// deleted within a day, whoever runs the job and however often, then the owner's
// email and in-app notification by the ordinary rules. Real Postgres and pg-boss.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBatch } from "../../batches/create-batch";
import { batchOptionsSchema } from "../../batches/batch-options";
import { db } from "../../db/client";
import { log } from "../../log";
import { assembleDigests } from "../scheduled/assemble-digests";
import { digestPayloadSchema } from "../events/digest";
import { listInAppNotifications } from "../deliveries/in-app-notifications";
import { defaultPreferences } from "../preferences/notification-preferences";
import { notifyEvent } from "../rules/notify-event";
import { savePreferences } from "../preferences/preference-store";
import { remindExpiringResults } from "../scheduled/remind-expiring-results";
import { resultsExpiringPayloadSchema } from "../events/results-expiring";
import { finishedBatch, newUser } from "./support/finished-batch";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";

let boss: PgBoss;

beforeAll(async () => {
  boss = await startQueueDatabase();
});
afterAll(async () => boss.stop({ graceful: false }));

const HOUR_MS = 3_600_000;

/** A batch finished with these outcomes whose results are deleted `hours` from `now`. */
async function expiringBatch(userId: string, outcomes: ("completed" | "failed")[], now: Date, hours: number) {
  const { batchId } = await finishedBatch(boss, userId, outcomes);
  await db().batch.update({ where: { id: batchId }, data: { expiresAt: new Date(now.getTime() + hours * HOUR_MS) } });
  return batchId;
}

const remindersFor = (batchIds: string[]) =>
  db().notificationEvent.findMany({ where: { type: "results.expiring", batchId: { in: batchIds } }, orderBy: { batchId: "asc" } });

describe("remindExpiringResults", () => {
  it("reminds once about each batch with downloadable results that are deleted within a day", async () => {
    const user = await newUser();
    const now = new Date("2030-03-05T10:00:00Z");
    const completed = await expiringBatch(user.id, ["completed"], now, 2);
    const partial = await expiringBatch(user.id, ["completed", "failed"], now, 23.5);
    const failed = await expiringBatch(user.id, ["failed"], now, 2);
    const later = await expiringBatch(user.id, ["completed"], now, 25);
    const gone = await expiringBatch(user.id, ["completed"], now, -1);
    const running = await createBatch(boss, {
      userId: user.id,
      source: "api",
      files: [{ key: `uploads/${randomUUID()}`, originalName: "running.csv", bytes: 10, sha256: "0".repeat(64), contentType: "text/csv" }],
      options: batchOptionsSchema.parse({}),
    });
    await db().batch.update({ where: { id: running.id }, data: { expiresAt: new Date(now.getTime() + 2 * HOUR_MS) } });

    await remindExpiringResults({ boss, now });
    const reminders = await remindersFor([completed, partial, failed, later, gone, running.id]);
    expect(reminders.map((event) => event.batchId).sort()).toEqual([completed, partial].sort());
    for (const event of reminders) {
      expect(event.dedupeKey).toBe(`results-expiring:${event.batchId}`);
      const notifyJobs = await db().$queryRaw<{ count: bigint }[]>`
        SELECT count(*) FROM pgboss.job WHERE name = 'notification.notify' AND data->>'eventId' = ${event.id}`;
      expect(Number(notifyJobs[0]?.count)).toBe(1);
    }
    const partialPayload = resultsExpiringPayloadSchema.parse(reminders.find((event) => event.batchId === partial)!.payload);
    expect(partialPayload).toMatchObject({
      batchId: partial,
      title: "list-0.csv and 1 more",
      expiresAt: new Date(now.getTime() + 23.5 * HOUR_MS).toISOString(),
      files: [
        { name: "list-0.csv", status: "completed", rows: 10_000, valid: 9_812 },
        { name: "list-1.csv", status: "failed", rows: 0, valid: 0 },
      ],
    });

    // Every hour the job runs again over the same batches: nothing new.
    await remindExpiringResults({ boss, now: new Date(now.getTime() + HOUR_MS) });
    // The later batch comes into range and gets its own, once.
    await remindExpiringResults({ boss, now: new Date(now.getTime() + 2 * HOUR_MS) });
    expect((await remindersFor([completed, partial, later])).map((event) => event.batchId).sort()).toEqual([completed, partial, later].sort());
  });

  it("writes one reminder per batch when two workers run the job at the same moment", async () => {
    const user = await newUser();
    const now = new Date("2031-01-10T10:00:00Z");
    const batchIds = [];
    for (let i = 0; i < 4; i += 1) batchIds.push(await expiringBatch(user.id, ["completed"], now, 5));
    const results = await Promise.all([1, 2, 3].map(() => remindExpiringResults({ boss, now })));
    expect(await remindersFor(batchIds)).toHaveLength(4);
    expect(results.reduce((sum, result) => sum + result.reminders, 0)).toBe(4);
  });
});

describe("notifying a results-expiring reminder", () => {
  it("emails the owner and shows it in the bell; extra recipients and webhooks are not told", async () => {
    const user = await newUser();
    await db().webhookEndpoint.create({
      data: { userId: user.id, url: "https://hooks.example.com/tidings", events: ["batch.succeeded", "batch.failed"], secret: "whsec_dGVzdA==" },
    });
    const now = new Date();
    const { batchId } = await finishedBatch(boss, user.id, ["completed"], { context: { email: `colleague-${randomUUID()}@example.com` } });
    await db().batch.update({ where: { id: batchId }, data: { expiresAt: new Date(now.getTime() + 3 * HOUR_MS) } });
    await remindExpiringResults({ boss, now });
    const [reminder] = await remindersFor([batchId]);

    expect(await notifyEvent(reminder!.id, { boss, log })).toEqual({ deliveries: 2, emailsQueued: 1 });
    const deliveries = await db().delivery.findMany({ where: { eventId: reminder!.id }, orderBy: { channel: "asc" } });
    expect(deliveries.map(({ channel, recipient, category, status, reason }) => ({ channel, recipient, category, status, reason }))).toEqual([
      { channel: "email", recipient: user.email.toLowerCase(), category: "results_expiring", status: "queued", reason: "instant" },
      { channel: "in_app", recipient: user.id, category: "results_expiring", status: "delivered", reason: "instant" },
    ]);
    const [bell] = await listInAppNotifications(user.id);
    expect(bell).toMatchObject({ title: "Results of list-0.csv are deleted soon", href: `/batches/${batchId}` });
    expect(await notifyEvent(reminder!.id, { boss, log })).toBeNull();
  });

  it("follows the person's switch for the category", async () => {
    const user = await newUser();
    const preferences = defaultPreferences("Europe/Berlin");
    preferences.categories.results_expiring.channels.email = false;
    await savePreferences(user.id, preferences);
    const now = new Date();
    const batchId = await expiringBatch(user.id, ["completed"], now, 3);
    await remindExpiringResults({ boss, now });
    const [reminder] = await remindersFor([batchId]);
    await notifyEvent(reminder!.id, { boss, log });
    const email = await db().delivery.findFirstOrThrow({ where: { eventId: reminder!.id, channel: "email" } });
    expect(email).toMatchObject({ status: "skipped_preference", reason: "preference_off" });
  });

  it("counts towards the daily cap and, past it, goes into the digest among the reminders", async () => {
    const user = await newUser();
    await savePreferences(user.id, { ...defaultPreferences("UTC"), dailyCap: 1 });
    const now = new Date();
    const batchIds = [await expiringBatch(user.id, ["completed"], now, 3), await expiringBatch(user.id, ["completed"], now, 4)];
    await remindExpiringResults({ boss, now });
    const reminders = await remindersFor(batchIds);
    for (const reminder of reminders) await notifyEvent(reminder.id, { boss, log });
    const emails = await db().delivery.findMany({ where: { eventId: { in: reminders.map((reminder) => reminder.id) }, channel: "email" } });
    expect(emails.map((email) => `${email.status}:${email.reason}`).sort()).toEqual(["digested:daily_cap", "queued:instant"]);

    const folded = emails.find((email) => email.status === "digested")!;
    await assembleDigests({ boss, log, now: new Date(now.getTime() + 2 * 24 * HOUR_MS) });
    const digest = await db().notificationEvent.findFirstOrThrow({ where: { userId: user.id, type: "digest" } });
    const payload = digestPayloadSchema.parse(digest.payload);
    expect(payload.batches).toEqual([]);
    expect(payload.expiring.map((item) => ({ eventId: item.eventId, title: item.title }))).toEqual([{ eventId: folded.eventId, title: "list-0.csv" }]);
  });
});
