// From an email held back (daily cap, digest mode) to the digest that carries it:
// the digest job writes one digest event per person per closed window, with its
// notify job, and the notify job decides the digest's deliveries. Real Postgres and
// pg-boss; the job's clock is passed in, the deliveries' times are set to match.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { log } from "../../log";
import { assembleDigests } from "../scheduled/assemble-digests";
import { digestPayloadSchema } from "../events/digest";
import { defaultPreferences, type NotificationPreferences } from "../preferences/notification-preferences";
import { notifyEvent } from "../rules/notify-event";
import { savePreferences } from "../preferences/preference-store";
import { suppress } from "../deliveries/suppression";
import { unsubscribe } from "../../unsubscribe/manage-subscription";
import { finishedBatch, newUser, recipientAccepts } from "./support/finished-batch";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";

let boss: PgBoss;

beforeAll(async () => {
  boss = await startQueueDatabase();
});
afterAll(async () => boss.stop({ graceful: false }));

const at = (iso: string) => new Date(iso);

/** A user with these preferences and `count` finished batches, each notified; returns the owner's email deliveries. */
async function userWithBatches(preferences: NotificationPreferences, count: number) {
  const user = await newUser();
  await savePreferences(user.id, preferences);
  const batchIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { batchId, eventId } = await finishedBatch(boss, user.id, ["completed"]);
    await notifyEvent(eventId, { boss, log });
    batchIds.push(batchId);
  }
  const emails = await db().delivery.findMany({ where: { userId: user.id, channel: "email" }, orderBy: { createdAt: "asc" } });
  return { user, batchIds, emails };
}

/** Pretends the notify job decided these deliveries at `iso`. */
async function decidedAt(deliveryIds: string[], iso: string) {
  await db().delivery.updateMany({ where: { id: { in: deliveryIds } }, data: { createdAt: at(iso) } });
}

const digestsOf = (userId: string) => db().notificationEvent.findMany({ where: { userId, type: "digest" }, orderBy: { createdAt: "asc" } });

async function notifyJobsFor(eventId: string) {
  const rows = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(*) FROM pgboss.job WHERE name = 'notification.notify' AND data->>'eventId' = ${eventId}`;
  return Number(rows[0]?.count);
}

describe("assembleDigests", () => {
  it("carries emails past the daily cap into the next window's digest, exactly once", async () => {
    // Digest off (the default), daily at 8 in Berlin; two emails a day.
    const { user, batchIds, emails } = await userWithBatches({ ...defaultPreferences("Europe/Berlin"), dailyCap: 2 }, 4);
    expect(emails.map((email) => `${email.status}:${email.reason}`)).toEqual(["queued:instant", "queued:instant", "digested:daily_cap", "digested:daily_cap"]);
    const folded = emails.filter((email) => email.status === "digested");
    // Folded in on March 4 at 11:00 and 19:00 Berlin time (CET, UTC+1).
    await decidedAt([folded[0]!.id], "2030-03-04T10:00:00Z");
    await decidedAt([folded[1]!.id], "2030-03-04T18:00:00Z");

    // 07:59 on March 5 in Berlin: the window they are in has not closed.
    await assembleDigests({ boss, log, now: at("2030-03-05T06:59:00Z") });
    expect(await digestsOf(user.id)).toHaveLength(0);

    // 08:00: it has. One digest with both, its notify job queued with it.
    await assembleDigests({ boss, log, now: at("2030-03-05T07:00:00Z") });
    const [digest, ...others] = await digestsOf(user.id);
    expect(others).toHaveLength(0);
    expect(digest!.dedupeKey).toBe(`digest:${user.id}:2030-03-05T07:00:00.000Z`);
    const payload = digestPayloadSchema.parse(digest!.payload);
    expect(payload).toMatchObject({ windowStart: "2030-03-04T07:00:00.000Z", windowEnd: "2030-03-05T07:00:00.000Z", expiring: [] });
    expect(payload.batches.map(({ batchId, title, outcome, rows, valid, failedFiles }) => ({ batchId, title, outcome, rows, valid, failedFiles }))).toEqual(
      batchIds.slice(2).map((batchId) => ({ batchId, title: "list-0.csv", outcome: "completed", rows: 10_000, valid: 9_812, failedFiles: 0 })),
    );
    expect(await notifyJobsFor(digest!.id)).toBe(1);
    const carried = await db().delivery.findMany({ where: { id: { in: folded.map((email) => email.id) } } });
    expect(carried.map((delivery) => delivery.digestEventId)).toEqual([digest!.id, digest!.id]);

    // Later runs, in this window and the next ones, carry nothing again.
    for (const now of ["2030-03-05T07:05:00Z", "2030-03-06T07:00:00Z", "2030-03-12T07:00:00Z"]) {
      await assembleDigests({ boss, log, now: at(now) });
    }
    expect(await digestsOf(user.id)).toHaveLength(1);
    expect(await notifyJobsFor(digest!.id)).toBe(1);
  });

  it("sends what the daily cap held back in the next digest, by email (the default)", async () => {
    const { user, emails } = await userWithBatches({ ...defaultPreferences("Europe/Berlin"), dailyCap: 1 }, 2);
    await decidedAt([emails[1]!.id], "2030-03-04T10:00:00Z");
    await assembleDigests({ boss, log, now: at("2030-03-05T07:00:00Z") });
    const [digest] = await digestsOf(user.id);

    expect(await notifyEvent(digest!.id, { boss, log })).toEqual({ deliveries: 2, emailsQueued: 1 });
    const deliveries = await db().delivery.findMany({ where: { eventId: digest!.id }, orderBy: { channel: "asc" } });
    expect(deliveries.map(({ channel, recipient, category, status, reason }) => ({ channel, recipient, category, status, reason }))).toEqual([
      { channel: "email", recipient: user.email.toLowerCase(), category: "digest", status: "queued", reason: "instant" },
      // The digest's in-app switch is off by default: the batches were in the bell already.
      { channel: "in_app", recipient: user.id, category: "digest", status: "skipped_preference", reason: "preference_off" },
    ]);
    const sendJobs = await db().$queryRaw<{ count: bigint }[]>`
      SELECT count(*) FROM pgboss.job WHERE name = 'notification.send-email' AND data->>'deliveryId' = ${deliveries[0]!.id}`;
    expect(Number(sendJobs[0]?.count)).toBe(1);
  });

  it("folds at once in digest mode and sends at the user's own hour (hourly, in a half-hour zone)", async () => {
    const preferences = defaultPreferences("Asia/Kolkata");
    preferences.categories.batch_succeeded.mode = "digest";
    preferences.categories.digest.schedule = { frequency: "hourly" };
    const { user, emails } = await userWithBatches(preferences, 1);
    expect(emails.map((email) => `${email.status}:${email.reason}`)).toEqual(["digested:digest_mode"]);
    // 15:40 in Kolkata (UTC+05:30): the hour closes at 16:00, 10:30 UTC.
    await decidedAt([emails[0]!.id], "2030-03-04T10:10:00Z");

    await assembleDigests({ boss, log, now: at("2030-03-04T10:29:59Z") });
    expect(await digestsOf(user.id)).toHaveLength(0);
    await assembleDigests({ boss, log, now: at("2030-03-04T10:30:00Z") });
    const [digest] = await digestsOf(user.id);
    expect(digestPayloadSchema.parse(digest!.payload)).toMatchObject({ windowStart: "2030-03-04T09:30:00.000Z", windowEnd: "2030-03-04T10:30:00.000Z" });
    await notifyEvent(digest!.id, { boss, log });
    expect(await db().delivery.findFirst({ where: { eventId: digest!.id, channel: "email" } })).toMatchObject({ status: "queued", category: "digest" });
  });

  it("writes one digest when two workers run the job at the same moment", async () => {
    const { user, emails } = await userWithBatches({ ...defaultPreferences("America/New_York"), dailyCap: 1 }, 6);
    const folded = emails.filter((email) => email.status === "digested");
    expect(folded).toHaveLength(5);
    await decidedAt(folded.map((email) => email.id), "2030-03-04T15:00:00Z");

    const now = at("2030-03-05T13:00:00Z"); // 08:00 in New York (EST)
    const results = await Promise.all([1, 2, 3].map(() => assembleDigests({ boss, log, now })));
    const [digest, ...others] = await digestsOf(user.id);
    expect(others).toHaveLength(0);
    expect(digestPayloadSchema.parse(digest!.payload).batches).toHaveLength(5);
    expect(await notifyJobsFor(digest!.id)).toBe(1);
    const carried = await db().delivery.findMany({ where: { id: { in: folded.map((email) => email.id) } } });
    expect(new Set(carried.map((delivery) => delivery.digestEventId))).toEqual(new Set([digest!.id]));
    expect(results.map((result) => result.deliveries).sort()).toEqual([0, 0, 5]);
  });

  it("writes one digest when two runs at the same moment see different windows closed (a run late by a day)", async () => {
    const { user, emails } = await userWithBatches({ ...defaultPreferences("America/New_York"), dailyCap: 1 }, 4);
    const folded = emails.filter((email) => email.status === "digested");
    await decidedAt(folded.map((email) => email.id), "2030-03-04T15:00:00Z");
    // Different dedupe keys: only the row locks keep the deliveries out of a second digest.
    await Promise.all(["2030-03-05T13:00:00Z", "2030-03-06T13:00:00Z", "2030-03-07T13:00:00Z"].map((now) => assembleDigests({ boss, log, now: at(now) })));
    const [digest, ...others] = await digestsOf(user.id);
    expect(others).toHaveLength(0);
    expect(digestPayloadSchema.parse(digest!.payload).batches.map((batch) => batch.eventId).sort()).toEqual(folded.map((email) => email.eventId).sort());
    const carried = await db().delivery.findMany({ where: { id: { in: folded.map((email) => email.id) } } });
    expect(new Set(carried.map((delivery) => delivery.digestEventId))).toEqual(new Set([digest!.id]));
  });

  it("leaves an email that was decided just before the window's end but committed after its digest for the next digest", async () => {
    const { user, emails } = await userWithBatches({ ...defaultPreferences("UTC"), dailyCap: 1 }, 3);
    const [, early, late] = emails;
    await decidedAt([early!.id, late!.id], "2030-03-04T12:00:00Z");
    // The notify transaction of `late` had not committed when the 08:00 run wrote the digest.
    await db().delivery.update({ where: { id: late!.id }, data: { status: "queued" } });
    await assembleDigests({ boss, log, now: at("2030-03-05T08:00:00Z") });
    await db().delivery.update({ where: { id: late!.id }, data: { status: "digested" } });

    await assembleDigests({ boss, log, now: at("2030-03-05T08:05:00Z") });
    expect((await db().delivery.findUniqueOrThrow({ where: { id: late!.id } })).digestEventId).toBeNull();
    await assembleDigests({ boss, log, now: at("2030-03-06T08:00:00Z") });

    const digests = await digestsOf(user.id);
    expect(digests.map((digest) => digest.dedupeKey)).toEqual([`digest:${user.id}:2030-03-05T08:00:00.000Z`, `digest:${user.id}:2030-03-06T08:00:00.000Z`]);
    const batchesIn = digests.map((digest) => digestPayloadSchema.parse(digest.payload).batches.map((batch) => batch.eventId));
    expect(batchesIn).toEqual([[early!.eventId], [late!.eventId]]);
    // It waited a window: the digest's dates say so.
    expect(digestPayloadSchema.parse(digests[1]!.payload).windowStart).toBe("2030-03-04T12:00:00.000Z");
  });

  it("defers the digest email to the end of quiet hours, and holds it back from a suppressed address", async () => {
    const { user, emails } = await userWithBatches({ ...defaultPreferences("UTC"), dailyCap: 1 }, 2);
    await decidedAt([emails[1]!.id], "2030-03-04T12:00:00Z");
    // Quiet from now on, all day but a minute.
    await savePreferences(user.id, { ...defaultPreferences("UTC"), dailyCap: 1, quietHours: { start: "00:00", end: "23:59" } });
    await assembleDigests({ boss, log, now: at("2030-03-05T08:00:00Z") });
    const [digest] = await digestsOf(user.id);
    await notifyEvent(digest!.id, { boss, log });
    const email = await db().delivery.findFirstOrThrow({ where: { eventId: digest!.id, channel: "email" } });
    expect(email).toMatchObject({ status: "deferred", reason: "quiet_hours" });
    expect(email.deferUntil!.getTime()).toBeGreaterThan(Date.now());

    const suppressed = await userWithBatches({ ...defaultPreferences("UTC"), dailyCap: 1 }, 2);
    await decidedAt([suppressed.emails[1]!.id], "2030-03-04T12:00:00Z");
    await suppress(suppressed.user.email, "complained");
    await assembleDigests({ boss, log, now: at("2030-03-05T08:00:00Z") });
    const [suppressedDigest] = await digestsOf(suppressed.user.id);
    await notifyEvent(suppressedDigest!.id, { boss, log });
    expect(await db().delivery.findFirst({ where: { eventId: suppressedDigest!.id, channel: "email" } })).toMatchObject({ status: "suppressed" });
  });

  it("shows the digest in the bell when the person switched that on", async () => {
    const preferences = { ...defaultPreferences("UTC"), dailyCap: 1 };
    preferences.categories.digest.channels.in_app = true;
    const { user, emails } = await userWithBatches(preferences, 2);
    await decidedAt([emails[1]!.id], "2030-03-04T12:00:00Z");
    await assembleDigests({ boss, log, now: at("2030-03-05T08:00:00Z") });
    const [digest] = await digestsOf(user.id);
    await notifyEvent(digest!.id, { boss, log });
    expect(await db().delivery.findFirst({ where: { eventId: digest!.id, channel: "in_app" } })).toMatchObject({ status: "delivered" });
  });

  it("gives an extra recipient past the daily cap a digest of their own, on the owner's schedule", async () => {
    const owner = await newUser();
    await savePreferences(owner.id, defaultPreferences("Europe/Berlin"));
    const colleague = `colleague-${randomUUID()}@example.com`;
    // The colleague already got today's 50 emails (the default cap) from this owner's batches.
    const fillers = await db().notificationEvent.createManyAndReturn({
      data: Array.from({ length: 50 }, () => ({ type: "batch.finished", dedupeKey: `test:${randomUUID()}`, userId: owner.id, payload: {} })),
      select: { id: true },
    });
    await db().delivery.createMany({
      data: fillers.map((event) => ({ eventId: event.id, userId: owner.id, channel: "email", recipient: colleague, category: "batch_succeeded", status: "sent", reason: "instant" })),
    });
    const { eventId } = await finishedBatch(boss, owner.id, ["completed"], { context: { email: colleague } });
    await recipientAccepts(owner.id, colleague);
    await notifyEvent(eventId, { boss, log });
    const emails = await db().delivery.findMany({ where: { eventId, channel: "email" }, orderBy: { recipient: "asc" } });
    expect(emails.map(({ recipient, status, reason }) => ({ recipient, status, reason }))).toEqual(
      [
        { recipient: owner.email.toLowerCase(), status: "queued", reason: "instant" },
        { recipient: colleague, status: "digested", reason: "daily_cap" },
      ].sort((a, b) => a.recipient.localeCompare(b.recipient)),
    );
    const held = emails.find((email) => email.recipient === colleague)!;
    await decidedAt([held.id], "2030-03-04T10:00:00Z");

    // 08:00 the next morning in the owner's zone, as for the owner's own digest.
    await assembleDigests({ boss, log, now: at("2030-03-05T07:00:00Z") });
    const [digest, ...others] = await digestsOf(owner.id);
    expect(others).toHaveLength(0);
    expect(digest!.dedupeKey).toBe(`digest:${owner.id}:${colleague}:2030-03-05T07:00:00.000Z`);
    expect(digestPayloadSchema.parse(digest!.payload)).toMatchObject({ recipient: colleague, batches: [{ outcome: "completed" }] });
    expect(await db().delivery.findUnique({ where: { id: held.id } })).toMatchObject({ digestEventId: digest!.id });

    // The digest goes to the colleague's inbox only: not to the owner, not to the owner's bell.
    await notifyEvent(digest!.id, { boss, log });
    const deliveries = await db().delivery.findMany({ where: { eventId: digest!.id } });
    expect(deliveries.map(({ channel, recipient, category, status }) => ({ channel, recipient, category, status }))).toEqual([
      { channel: "email", recipient: colleague, category: "digest", status: "queued" },
    ]);
    // Run again: still the one digest.
    await assembleDigests({ boss, log, now: at("2030-03-05T07:05:00Z") });
    expect(await digestsOf(owner.id)).toHaveLength(1);
  });

  it("holds back an extra recipient's digest when they unsubscribed from digests", async () => {
    const owner = await newUser();
    const colleague = `colleague-${randomUUID()}@example.com`;
    await unsubscribe({ email: colleague, category: "digest", ownerUserId: owner.id });
    const { eventId } = await finishedBatch(boss, owner.id, ["completed"], { context: { email: colleague } });
    await recipientAccepts(owner.id, colleague);
    await notifyEvent(eventId, { boss, log });
    const held = await db().delivery.findFirstOrThrow({ where: { eventId, recipient: colleague } });
    // Not past the cap: sent at once. Fold it by hand to reach the digest's own rules.
    await db().delivery.update({ where: { id: held.id }, data: { status: "digested", reason: "daily_cap", createdAt: at("2030-03-04T10:00:00Z") } });
    await assembleDigests({ boss, log, now: at("2030-03-05T08:00:00Z") });
    const [digest] = await digestsOf(owner.id);
    await notifyEvent(digest!.id, { boss, log });
    expect(await db().delivery.findFirst({ where: { eventId: digest!.id } })).toMatchObject({ recipient: colleague, status: "skipped_preference" });
  });
});
