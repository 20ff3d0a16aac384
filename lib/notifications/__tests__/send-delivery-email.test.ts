// The send job against the real Resend SDK and a local Resend-compatible server that
// behaves like Resend (idempotency keys, 409 on a reused key, 429 with retry-after,
// 5xx): the right email, once, whatever the provider does.
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeResendServer, type FakeResendServer } from "../../../e2e/support/fake-resend-server";
import { db } from "../../db/client";
import { EmailSendError } from "../../email/email-send-error";
import { createResendTransport } from "../../email/transports/resend";
import type { EmailTransport } from "../../email/transports/types";
import { log } from "../../log";
import { verifyUnsubscribeToken } from "../../unsubscribe/unsubscribe-token";
import { notifyEvent } from "../rules/notify-event";
import { markGivenUp, sendDeliveryEmail, sendDeliveryEmails } from "../deliveries/send-delivery-email";
import { suppress } from "../deliveries/suppression";
import { finishedBatch, newUser } from "./support/finished-batch";
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

const jobContext = (isLastAttempt = false) => ({ signal: new AbortController().signal, isLastAttempt, log, transport });

/** A finished batch, decided: returns the owner's queued email delivery. */
async function queuedEmail(outcomes: ("completed" | "failed")[] = ["completed"]) {
  const user = await newUser();
  const { eventId, batchId } = await finishedBatch(boss, user.id, outcomes);
  await notifyEvent(eventId, { boss, log });
  const delivery = await db().delivery.findFirstOrThrow({ where: { eventId, channel: "email" } });
  return { user, batchId, delivery };
}

const reload = (id: string) => db().delivery.findUniqueOrThrow({ where: { id } });

describe("sendDeliveryEmail", () => {
  it("sends the outcome email with its numbers, the delivery id as Idempotency-Key and both unsubscribe headers", async () => {
    const { user, batchId, delivery } = await queuedEmail();
    await sendDeliveryEmail(delivery.id, jobContext());

    const [email, ...others] = server.emails();
    expect(others).toHaveLength(0);
    expect(email?.idempotencyKey).toBe(delivery.id);
    const payload = email!.payload as { to: string[]; subject: string; html: string; text: string; headers: Record<string, string> };
    expect(payload.to).toEqual([user.email.toLowerCase()]);
    expect(payload.subject).toBe("list-0.csv: 9,812 valid of 10,000");
    expect(payload.text).toContain(`/batches/${batchId}`);
    expect(payload.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = /^<(https?:\/\/[^>]+\/u\/([^>]+))>$/.exec(payload.headers["List-Unsubscribe"] ?? "");
    expect(url).not.toBeNull();
    expect(payload.html).toContain(url![1]);
    expect(verifyUnsubscribeToken(url![2])).toMatchObject({ ok: true, email: user.email.toLowerCase(), category: "batch_succeeded", ownerUserId: user.id });

    expect(await reload(delivery.id)).toMatchObject({ status: "sent", providerMessageId: email!.id, attempts: 1, lastError: null });
    expect((await reload(delivery.id)).sentAt).not.toBeNull();
  });

  it("tells per failed file what went wrong in a partial batch", async () => {
    const { delivery } = await queuedEmail(["completed", "failed"]);
    await sendDeliveryEmail(delivery.id, jobContext());
    const payload = server.emails()[0]!.payload as { subject: string; text: string };
    expect(payload.subject).toBe("list-0.csv and 1 more: 1 of 2 files failed");
    expect(payload.text).toContain("The file is not text.");
  });

  it("sends nothing new when run again after success", async () => {
    const { delivery } = await queuedEmail();
    await sendDeliveryEmail(delivery.id, jobContext());
    await sendDeliveryEmail(delivery.id, jobContext());
    expect(server.requests()).toHaveLength(1);
  });

  it("sends exactly one email when the provider accepted but the worker died before marking it sent", async () => {
    const { delivery } = await queuedEmail();
    // The first attempt reaches Resend, then the process dies: nothing recorded.
    await sendDeliveryEmail(delivery.id, jobContext());
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "queued", providerMessageId: null, sentAt: null } });

    await sendDeliveryEmail(delivery.id, jobContext());
    expect(server.requests()).toHaveLength(2);
    expect(server.emails()).toHaveLength(1);
    // Resend answered the retry with the first email's id: same body, same key.
    expect(await reload(delivery.id)).toMatchObject({ status: "sent", providerMessageId: server.emails()[0]!.id });
  });

  it("waits out a 429's retry-after and then sends", async () => {
    const { delivery } = await queuedEmail();
    server.failNext(1, { status: 429, retryAfterSeconds: 1 });
    const startedAt = Date.now();
    await sendDeliveryEmail(delivery.id, jobContext());
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(server.emails()).toHaveLength(1);
    expect(await reload(delivery.id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("fails for good on a validation error, with the provider's message, and does not throw", async () => {
    const { delivery } = await queuedEmail();
    server.failNext(1, { status: 422, name: "validation_error", message: "Invalid `to` field." });
    await sendDeliveryEmail(delivery.id, jobContext());
    const stored = await reload(delivery.id);
    expect(stored).toMatchObject({ status: "failed", attempts: 1 });
    expect(stored.lastError).toContain("Invalid `to` field.");
    expect(stored.failedAt).not.toBeNull();
  });

  it("throws on a 5xx so the queue retries with backoff; the last attempt ends it as failed", async () => {
    const { delivery } = await queuedEmail();
    server.failNext(2, { status: 503 });
    await expect(sendDeliveryEmail(delivery.id, jobContext())).rejects.toBeInstanceOf(EmailSendError);
    expect(await reload(delivery.id)).toMatchObject({ status: "queued", attempts: 1 });
    expect((await reload(delivery.id)).lastError).toContain("Resend rejected the email");

    await expect(sendDeliveryEmail(delivery.id, jobContext(true))).rejects.toBeInstanceOf(EmailSendError);
    expect(await reload(delivery.id)).toMatchObject({ status: "failed", attempts: 2 });
    expect(server.emails()).toHaveLength(0);
  });

  it("does not send to an address suppressed after the decision", async () => {
    const { user, delivery } = await queuedEmail();
    await suppress(user.email, "complained");
    await sendDeliveryEmail(delivery.id, jobContext());
    expect(server.requests()).toHaveLength(0);
    expect(await reload(delivery.id)).toMatchObject({ status: "suppressed" });
  });

  it("marks a dead-lettered delivery failed, but leaves a sent one alone", async () => {
    const { delivery } = await queuedEmail();
    await markGivenUp(delivery.id);
    expect(await reload(delivery.id)).toMatchObject({ status: "failed" });

    const sent = await queuedEmail();
    await sendDeliveryEmail(sent.delivery.id, jobContext());
    await markGivenUp(sent.delivery.id);
    expect(await reload(sent.delivery.id)).toMatchObject({ status: "sent" });
  });
});

describe("sendDeliveryEmails (several fetched together)", () => {
  async function queuedEmails(count: number) {
    const deliveries = [];
    for (let i = 0; i < count; i += 1) deliveries.push((await queuedEmail()).delivery);
    return deliveries;
  }
  const jobsFor = (deliveries: { id: string }[]) => deliveries.map((delivery) => ({ deliveryId: delivery.id, isLastAttempt: false }));
  // A getter: `transport` is only set in beforeAll.
  const batchContext = { signal: new AbortController().signal, log, get transport() { return transport; } };

  it("sends them in one batch call whose key is the group written to the deliveries first", async () => {
    const deliveries = await queuedEmails(3);
    expect(await sendDeliveryEmails(jobsFor(deliveries), batchContext)).toEqual([null, null, null]);

    const [request, ...others] = server.requests();
    expect(others).toHaveLength(0);
    expect(request?.path).toBe("/emails/batch");
    const stored = await Promise.all(deliveries.map((delivery) => reload(delivery.id)));
    expect(new Set(stored.map((row) => row.sendGroup))).toEqual(new Set([request?.headers["idempotency-key"]]));
    expect(stored.map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
    expect(new Set(stored.map((row) => row.providerMessageId)).size).toBe(3);
    expect(server.emails().map((email) => email.id).sort()).toEqual(stored.map((row) => row.providerMessageId).sort());
  });

  it("resends exactly the same group when one member's job is retried after the worker died", async () => {
    const deliveries = await queuedEmails(3);
    await sendDeliveryEmails(jobsFor(deliveries), batchContext);
    // The call went through, then the process died before recording it.
    await db().delivery.updateMany({ where: { id: { in: deliveries.map((d) => d.id) } }, data: { status: "queued", providerMessageId: null } });

    // pg-boss retries the jobs one by one, in any grouping: the first one resends the group.
    expect(await sendDeliveryEmails(jobsFor([deliveries[1]!]), batchContext)).toEqual([null]);
    expect(await sendDeliveryEmails(jobsFor([deliveries[0]!, deliveries[2]!]), batchContext)).toEqual([null, null]);
    expect(server.requests().map((request) => request.path)).toEqual(["/emails/batch", "/emails/batch"]);
    expect(server.emails()).toHaveLength(3);
    for (const delivery of deliveries) expect(await reload(delivery.id)).toMatchObject({ status: "sent" });
  });

  it("tries each email alone when the provider refuses the batch call", async () => {
    const deliveries = await queuedEmails(2);
    server.failNext(1, { status: 422, name: "validation_error", message: "Invalid `to` field." });
    expect(await sendDeliveryEmails(jobsFor(deliveries), batchContext)).toEqual([null, null]);
    expect(server.requests().map((request) => request.path)).toEqual(["/emails/batch", "/emails", "/emails"]);
    for (const delivery of deliveries) expect(await reload(delivery.id)).toMatchObject({ status: "sent", sendGroup: null });
  });

  it("answers every member's job with the error on a 5xx, and the retry resends the group", async () => {
    const deliveries = await queuedEmails(2);
    server.failNext(1, { status: 502 });
    const outcomes = await sendDeliveryEmails(jobsFor(deliveries), batchContext);
    expect(outcomes.every((outcome) => outcome instanceof EmailSendError)).toBe(true);
    const group = (await reload(deliveries[0]!.id)).sendGroup;
    expect(await reload(deliveries[1]!.id)).toMatchObject({ status: "queued", sendGroup: group });

    expect(await sendDeliveryEmails(jobsFor(deliveries), batchContext)).toEqual([null, null]);
    expect(server.requests().map((request) => request.headers["idempotency-key"])).toEqual([group, group]);
    expect(server.emails()).toHaveLength(2);
  });
});
