// The digest and the results-expiring reminder, sent through the real Resend SDK to a
// local Resend-compatible server: the subject with the key facts, dates on the
// recipient's clock, an unsubscribe link for the right category, the same bytes on a
// retry; and the links an extra recipient gets instead of the owner's.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeResendServer, type FakeResendServer } from "../../../e2e/support/fake-resend-server";
import { db } from "../../db/client";
import { createResendTransport } from "../../email/transports/resend";
import type { EmailTransport } from "../../email/transports/types";
import { log } from "../../log";
import { verifyUnsubscribeToken } from "../../unsubscribe/unsubscribe-token";
import { assembleDigests } from "../scheduled/assemble-digests";
import { defaultPreferences } from "../preferences/notification-preferences";
import { notifyEvent } from "../rules/notify-event";
import { savePreferences } from "../preferences/preference-store";
import { remindExpiringResults } from "../scheduled/remind-expiring-results";
import { sendDeliveryEmail } from "../deliveries/send-delivery-email";
import { finishedBatch, newUser, recipientAccepts } from "./support/finished-batch";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";

let boss: PgBoss;
let server: FakeResendServer;
let transport: EmailTransport;

beforeAll(async () => {
  boss = await startQueueDatabase();
  server = await startFakeResendServer();
  transport = createResendTransport({ apiKey: "re_test_key", baseUrl: server.url });
});
beforeEach(() => server.reset());
afterAll(async () => {
  await server.stop();
  await boss.stop({ graceful: false });
});

const jobContext = () => ({ signal: new AbortController().signal, isLastAttempt: false, log, transport });

type SentPayload = { to: string[]; subject: string; html: string; text: string; headers: Record<string, string> };

/** The one email the server accepted, and the token of its List-Unsubscribe link. */
function sentEmail() {
  const [email, ...others] = server.emails();
  expect(others).toHaveLength(0);
  const payload = email!.payload as SentPayload;
  expect(payload.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const link = /^<(https?:\/\/[^>]+\/u\/([^>]+))>$/.exec(payload.headers["List-Unsubscribe"] ?? "");
  expect(link).not.toBeNull();
  expect(payload.html).toContain(link![1]);
  return { email: email!, payload, token: verifyUnsubscribeToken(link![2]) };
}

describe("sending a digest", () => {
  it("names the batches and valid rows in the subject, shows the window in the recipient's zone, unsubscribes from the digest", async () => {
    const user = await newUser();
    await savePreferences(user.id, { ...defaultPreferences("Europe/Berlin"), dailyCap: 1 });
    const batchIds: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { batchId, eventId } = await finishedBatch(boss, user.id, i === 3 ? ["completed", "completed"] : ["completed"]);
      await notifyEvent(eventId, { boss, log });
      batchIds.push(batchId);
    }
    // 11:00 on March 4 in Berlin; the digest goes at 08:00 the next morning.
    await db().delivery.updateMany({ where: { userId: user.id, status: "digested" }, data: { createdAt: new Date("2030-03-04T10:00:00Z") } });
    await assembleDigests({ boss, log, now: new Date("2030-03-05T07:00:00Z") });
    const digest = await db().notificationEvent.findFirstOrThrow({ where: { userId: user.id, type: "digest" } });
    await notifyEvent(digest.id, { boss, log });
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId: digest.id, channel: "email" } });

    await sendDeliveryEmail(delivery.id, jobContext());
    const { email, payload, token } = sentEmail();
    expect(email.idempotencyKey).toBe(delivery.id);
    expect(payload.to).toEqual([user.email.toLowerCase()]);
    // Three batches folded in: 9,812 + 9,812 + 2 × 9,812 valid rows.
    expect(payload.subject).toBe("Your Tidings digest: 3 batches, 39,248 valid rows");
    expect(payload.text).toContain("March 4, 2030 – March 5, 2030");
    expect(payload.text).toContain("list-0.csv and 1 more");
    for (const batchId of batchIds.slice(1)) expect(payload.html).toContain(`/batches/${batchId}"`);
    expect(payload.html).not.toContain(`/batches/${batchIds[0]}"`);
    expect(token).toMatchObject({ ok: true, email: user.email.toLowerCase(), category: "digest", ownerUserId: user.id });
    expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "sent", providerMessageId: email.id });

    // The worker died after Resend accepted: the retry renders the same bytes under the same key.
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "queued", providerMessageId: null, sentAt: null } });
    await sendDeliveryEmail(delivery.id, jobContext());
    expect(server.requests()).toHaveLength(2);
    expect(server.emails()).toHaveLength(1);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "sent", providerMessageId: email.id });
  });
});

describe("emails to an extra recipient (named at upload)", () => {
  const colleagueAddress = () => `colleague-${randomUUID()}@example.com`;

  async function sendTo(eventId: string, recipient: string) {
    server.reset();
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId, channel: "email", recipient } });
    await sendDeliveryEmail(delivery.id, jobContext());
    return sentEmail();
  }

  it("links the colleague's own manage page, and the owner's settings for the owner", async () => {
    const owner = await newUser();
    const colleague = colleagueAddress();
    const { eventId } = await finishedBatch(boss, owner.id, ["completed"], { context: { email: colleague } });
    await recipientAccepts(owner.id, colleague);
    await notifyEvent(eventId, { boss, log });

    const toColleague = await sendTo(eventId, colleague);
    expect(toColleague.token).toMatchObject({ ok: true, email: colleague, category: "batch_succeeded", ownerUserId: owner.id });
    expect(toColleague.payload.html).toMatch(/\/u\/[^"]+\/manage"/);
    expect(toColleague.payload.html).not.toContain("/settings/notifications");

    const toOwner = await sendTo(eventId, owner.email.toLowerCase());
    expect(toOwner.payload.html).toContain("/settings/notifications");
    expect(toOwner.payload.html).not.toContain("/manage");
  });

  it("sends the colleague's digest without the owner's dashboard, unsubscribing them from digests of this owner", async () => {
    const owner = await newUser();
    await savePreferences(owner.id, defaultPreferences("Europe/Berlin"));
    const colleague = colleagueAddress();
    const { eventId } = await finishedBatch(boss, owner.id, ["completed"], { context: { email: colleague } });
    await recipientAccepts(owner.id, colleague);
    await notifyEvent(eventId, { boss, log });
    // As if the daily cap had held it back on March 4.
    await db().delivery.updateMany({ where: { eventId, recipient: colleague }, data: { status: "digested", reason: "daily_cap", createdAt: new Date("2030-03-04T10:00:00Z") } });
    await assembleDigests({ boss, log, now: new Date("2030-03-05T07:00:00Z") });
    const digest = await db().notificationEvent.findFirstOrThrow({ where: { userId: owner.id, type: "digest" } });
    await notifyEvent(digest.id, { boss, log });

    const { payload, token } = await sendTo(digest.id, colleague);
    expect(payload.to).toEqual([colleague]);
    expect(payload.subject).toMatch(/^Your Tidings digest: 1 batch/);
    expect(payload.html).not.toContain("View all batches");
    expect(payload.html).not.toContain("/dashboard");
    expect(payload.html).toMatch(/\/u\/[^"]+\/manage"/);
    expect(token).toMatchObject({ ok: true, email: colleague, category: "digest", ownerUserId: owner.id });
  });
});

describe("sending a results-expiring reminder", () => {
  it("says on which day of the recipient's the results go, links the cleaned CSV, unsubscribes from reminders", async () => {
    const user = await newUser();
    await savePreferences(user.id, defaultPreferences("America/Los_Angeles"));
    const { batchId } = await finishedBatch(boss, user.id, ["completed"]);
    // 05:30 UTC on March 6 is still the evening of March 5 in Los Angeles.
    await db().batch.update({ where: { id: batchId }, data: { expiresAt: new Date("2030-03-06T05:30:00Z") } });
    await remindExpiringResults({ boss, now: new Date("2030-03-05T12:00:00Z") });
    const reminder = await db().notificationEvent.findFirstOrThrow({ where: { batchId, type: "results.expiring" } });
    await notifyEvent(reminder.id, { boss, log });
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId: reminder.id, channel: "email" } });
    const jobId = (await db().batchFile.findFirstOrThrow({ where: { batchId } })).id;

    await sendDeliveryEmail(delivery.id, jobContext());
    const { payload, token } = sentEmail();
    expect(payload.subject).toBe("Results of list-0.csv are deleted on March 5");
    expect(payload.text).toContain("March 5, 2030 at 9:30 PM PST");
    expect(payload.html).toContain(`/api/batches/${batchId}/files/${jobId}/cleaned"`);
    expect(token).toMatchObject({ ok: true, email: user.email.toLowerCase(), category: "results_expiring", ownerUserId: user.id });
  });

  it("still renders from its snapshot after retention deleted the batch", async () => {
    const user = await newUser();
    const { batchId } = await finishedBatch(boss, user.id, ["completed", "completed"]);
    await db().batch.update({ where: { id: batchId }, data: { expiresAt: new Date("2030-03-06T05:30:00Z") } });
    await remindExpiringResults({ boss, now: new Date("2030-03-05T12:00:00Z") });
    const reminder = await db().notificationEvent.findFirstOrThrow({ where: { batchId, type: "results.expiring" } });
    await notifyEvent(reminder.id, { boss, log });
    await db().batch.delete({ where: { id: batchId } });
    const delivery = await db().delivery.findFirstOrThrow({ where: { eventId: reminder.id, channel: "email" } });

    await sendDeliveryEmail(delivery.id, jobContext());
    const { payload } = sentEmail();
    expect(payload.subject).toBe("Results of list-0.csv and 1 more are deleted on March 6");
    // Two files: the batch page holds both downloads.
    expect(payload.html).toContain(`/batches/${batchId}"`);
  });
});
