// From a finished batch to Delivery rows: every rule visibly changes what the notify
// job records and queues. Real Postgres and pg-boss.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchOptionsInput } from "../../batches/batch-options";
import { db } from "../../db/client";
import { log } from "../../log";
import { defaultPreferences } from "../preferences/notification-preferences";
import { notifyEvent, notifyEvents } from "../rules/notify-event";
import { savePreferences } from "../preferences/preference-store";
import { suppress } from "../deliveries/suppression";
import { finishedBatch as finishedBatchFor, newUser, recipientAccepts } from "./support/finished-batch";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";

let boss: PgBoss;

beforeAll(async () => {
  boss = await startQueueDatabase();
});
afterAll(async () => boss.stop({ graceful: false }));

const finishedBatch = (userId: string, outcomes: ("completed" | "failed")[], options: BatchOptionsInput = {}) =>
  finishedBatchFor(boss, userId, outcomes, options);

const deliveriesOf = (eventId: string) =>
  db().delivery.findMany({ where: { eventId }, orderBy: [{ channel: "asc" }, { recipient: "asc" }] });

async function sendJobsFor(deliveryIds: string[]) {
  return db().$queryRaw<{ deliveryId: string; startAfter: Date }[]>`
    SELECT data->>'deliveryId' AS "deliveryId", start_after AS "startAfter" FROM pgboss.job
    WHERE name = 'notification.send-email' AND data->>'deliveryId' = ANY(${deliveryIds})`;
}

describe("notifyEvent", () => {
  it("records an email to the owner and an in-app notification, queues one send, and does nothing the second time", async () => {
    const user = await newUser();
    const { eventId } = await finishedBatch(user.id, ["completed"]);

    expect(await notifyEvent(eventId, { boss, log })).toEqual({ deliveries: 2, emailsQueued: 1 });
    const deliveries = await deliveriesOf(eventId);
    expect(deliveries.map(({ channel, recipient, category, status, reason }) => ({ channel, recipient, category, status, reason }))).toEqual([
      { channel: "email", recipient: user.email.toLowerCase(), category: "batch_succeeded", status: "queued", reason: "instant" },
      { channel: "in_app", recipient: user.id, category: "batch_succeeded", status: "delivered", reason: "instant" },
    ]);
    expect(await sendJobsFor(deliveries.map((d) => d.id))).toHaveLength(1);
    expect((await db().notificationEvent.findUniqueOrThrow({ where: { id: eventId } })).processedAt).not.toBeNull();

    expect(await notifyEvent(eventId, { boss, log })).toBeNull();
    expect(await deliveriesOf(eventId)).toHaveLength(2);
    expect(await sendJobsFor(deliveries.map((d) => d.id))).toHaveLength(1);
  });

  it("decides once when two notify jobs for the same event run at the same moment", async () => {
    const user = await newUser();
    const { eventId } = await finishedBatch(user.id, ["completed", "failed"]);
    const results = await Promise.all([notifyEvent(eventId, { boss, log }), notifyEvent(eventId, { boss, log })]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    const deliveries = await deliveriesOf(eventId);
    expect(deliveries.map((d) => `${d.channel}:${d.category}`)).toEqual(["email:batch_failed", "in_app:batch_failed"]);
    expect(await sendJobsFor(deliveries.map((d) => d.id))).toHaveLength(1);
  });

  it("adds the extra recipient named at upload, once even when it is the owner's own address", async () => {
    const user = await newUser();
    const extra = `Colleague-${randomUUID()}@example.com`;
    const { eventId } = await finishedBatch(user.id, ["completed"], { context: { email: extra } });
    await recipientAccepts(user.id, extra);
    await notifyEvent(eventId, { boss, log });
    expect((await deliveriesOf(eventId)).filter((d) => d.channel === "email").map((d) => d.recipient).sort()).toEqual(
      [extra.toLowerCase(), user.email.toLowerCase()].sort(),
    );

    const same = await finishedBatch(user.id, ["completed"], { context: { email: user.email.toUpperCase() } });
    await notifyEvent(same.eventId, { boss, log });
    expect((await deliveriesOf(same.eventId)).filter((d) => d.channel === "email")).toHaveLength(1);
  });

  it("skips the email when the batch's contract excludes the outcome (partial counts as FAILURE)", async () => {
    const user = await newUser();
    const { eventId } = await finishedBatch(user.id, ["completed", "failed"], { notifications: { email: { enabled: true, on: ["SUCCESS"] } } });
    await notifyEvent(eventId, { boss, log });
    const [email, inApp] = await deliveriesOf(eventId);
    expect(email).toMatchObject({ status: "skipped_preference", reason: "batch_contract" });
    // The contract is about email: the in-app list still shows it.
    expect(inApp).toMatchObject({ status: "delivered" });
    expect(await sendJobsFor([email!.id])).toHaveLength(0);
  });

  it("holds back email to a suppressed address, but not the in-app notification", async () => {
    const user = await newUser();
    await suppress(user.email, "bounced", "550 mailbox unavailable");
    const { eventId } = await finishedBatch(user.id, ["completed"]);
    await notifyEvent(eventId, { boss, log });
    const [email, inApp] = await deliveriesOf(eventId);
    expect(email).toMatchObject({ status: "suppressed" });
    expect(inApp).toMatchObject({ status: "delivered" });
  });

  it("follows the category × channel preference, from the very next event", async () => {
    const user = await newUser();
    const preferences = defaultPreferences("Europe/Berlin");
    preferences.categories.batch_failed.channels.email = false;
    preferences.categories.batch_failed.channels.in_app = false;
    await savePreferences(user.id, preferences);

    const failed = await finishedBatch(user.id, ["failed"]);
    await notifyEvent(failed.eventId, { boss, log });
    expect((await deliveriesOf(failed.eventId)).map((d) => `${d.channel}:${d.status}:${d.reason}`)).toEqual([
      "email:skipped_preference:preference_off",
      "in_app:skipped_preference:preference_off",
    ]);

    const succeeded = await finishedBatch(user.id, ["completed"]);
    await notifyEvent(succeeded.eventId, { boss, log });
    expect((await deliveriesOf(succeeded.eventId)).map((d) => d.status)).toEqual(["queued", "delivered"]);
  });

  it("defers email during quiet hours to their end and queues the send for then", async () => {
    const user = await newUser();
    // Quiet all day but one minute, in a zone far from UTC: now is inside the window.
    const preferences = defaultPreferences("Pacific/Kiritimati");
    const { wallClockAt } = await import("../preferences/zoned-time");
    const local = wallClockAt(new Date(), "Pacific/Kiritimati");
    const hhmm = (h: number, m: number) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
    const end = (local.hour * 60 + local.minute + 2) % (24 * 60);
    preferences.quietHours = { start: hhmm(local.hour, local.minute), end: hhmm(Math.floor(end / 60), end % 60) };
    await savePreferences(user.id, preferences);

    const { eventId } = await finishedBatch(user.id, ["completed"]);
    await notifyEvent(eventId, { boss, log });
    const [email, inApp] = await deliveriesOf(eventId);
    expect(email).toMatchObject({ status: "deferred", reason: "quiet_hours" });
    expect(email!.deferUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(email!.deferUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 3 * 60_000);
    expect(inApp).toMatchObject({ status: "delivered" });
    const [job] = await sendJobsFor([email!.id]);
    expect(job?.startAfter.getTime()).toBe(email!.deferUntil!.getTime());
  });

  it("defers for quiet hours that cross midnight in a non-UTC zone, to their end on the next local day", async () => {
    const user = await newUser();
    const zone = "Asia/Kolkata"; // UTC+05:30: local minutes differ from UTC's
    const { wallClockAt } = await import("../preferences/zoned-time");
    const local = wallClockAt(new Date(), zone);
    const at = (minutesFromNow: number) => {
      const total = (((local.hour * 60 + local.minute + minutesFromNow) % 1440) + 1440) % 1440;
      return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
    };
    // From a minute ago until two minutes before now: the window runs through local
    // midnight and ends tomorrow, whatever the time of day the test runs.
    await savePreferences(user.id, { ...defaultPreferences(zone), quietHours: { start: at(-1), end: at(-2) } });

    const before = Date.now();
    const { eventId } = await finishedBatch(user.id, ["completed"]);
    await notifyEvent(eventId, { boss, log });
    const email = (await deliveriesOf(eventId)).find((d) => d.channel === "email");
    expect(email).toMatchObject({ status: "deferred", reason: "quiet_hours" });
    const waitHours = (email!.deferUntil!.getTime() - before) / 3_600_000;
    expect(waitHours).toBeGreaterThan(23.9);
    expect(waitHours).toBeLessThan(24);
    const end = wallClockAt(email!.deferUntil!, zone);
    expect(`${String(end.hour).padStart(2, "0")}:${String(end.minute).padStart(2, "0")}`).toBe(at(-2));
  });

  it("folds emails past the daily cap into the digest instead of dropping them", async () => {
    const user = await newUser();
    await savePreferences(user.id, { ...defaultPreferences("America/New_York"), dailyCap: 2 });
    const statuses: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { eventId } = await finishedBatch(user.id, ["completed"]);
      await notifyEvent(eventId, { boss, log });
      const email = (await deliveriesOf(eventId)).find((d) => d.channel === "email");
      statuses.push(`${email?.status}:${email?.reason}`);
    }
    expect(statuses).toEqual(["queued:instant", "queued:instant", "digested:daily_cap"]);
  });

  it("decides a group of events at once, counting the daily cap across the group", async () => {
    const user = await newUser();
    await savePreferences(user.id, { ...defaultPreferences("Asia/Tokyo"), dailyCap: 2 });
    const eventIds = [];
    for (let i = 0; i < 3; i += 1) eventIds.push((await finishedBatch(user.id, ["completed"])).eventId);

    const results = await notifyEvents([...eventIds, "no-such-event"], { boss, log });
    expect([...results.keys()].sort()).toEqual([...eventIds].sort());
    const emails = await db().delivery.findMany({ where: { eventId: { in: eventIds }, channel: "email" } });
    expect(emails.map((d) => d.status).sort()).toEqual(["digested", "queued", "queued"]);
    expect(await sendJobsFor(emails.map((d) => d.id))).toHaveLength(2);
    // Decided once: a second run, as one group or one by one, adds nothing.
    expect((await notifyEvents(eventIds, { boss, log })).size).toBe(0);
    expect(await notifyEvent(eventIds[0]!, { boss, log })).toBeNull();
  });

  it("queues a signed webhook for each enabled endpoint that subscribes to the outcome, even in quiet hours", async () => {
    const user = await newUser();
    const endpoint = (events: string[], enabled = true) =>
      db().webhookEndpoint.create({ data: { userId: user.id, url: "https://hooks.example.com/tidings", events, secret: "whsec_dGVzdA==", enabled } });
    const both = await endpoint(["batch.succeeded", "batch.failed"]);
    await endpoint(["batch.failed"]);
    await endpoint(["batch.succeeded"], false);

    const { eventId } = await finishedBatch(user.id, ["completed"]);
    await notifyEvent(eventId, { boss, log });
    const webhooks = (await deliveriesOf(eventId)).filter((d) => d.channel === "webhook");
    expect(webhooks.map(({ recipient, status, category }) => ({ recipient, status, category }))).toEqual([
      { recipient: both.id, status: "queued", category: "batch_succeeded" },
    ]);
    const jobs = await db().$queryRaw<{ count: bigint }[]>`
      SELECT count(*) FROM pgboss.job WHERE name = 'webhook.deliver' AND data->>'deliveryId' = ${webhooks[0]!.id}`;
    expect(Number(jobs[0]?.count)).toBe(1);
  });

  it("folds into the digest in digest mode", async () => {
    const user = await newUser();
    const preferences = defaultPreferences();
    preferences.categories.batch_succeeded.mode = "digest";
    await savePreferences(user.id, preferences);
    const { eventId } = await finishedBatch(user.id, ["completed"]);
    await notifyEvent(eventId, { boss, log });
    expect((await deliveriesOf(eventId)).find((d) => d.channel === "email")).toMatchObject({ status: "digested", reason: "digest_mode" });
  });
});
