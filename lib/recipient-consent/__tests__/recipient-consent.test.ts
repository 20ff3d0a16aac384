// Tidings must not be a relay: an address someone names at upload gets one fixed
// consent request — no file name — and no batch email until it accepts; refusing and
// "never ask again" hold; the daily caps refuse the upload. Real Postgres, pg-boss, the
// notify and send jobs, and the real Resend SDK against a local Resend-compatible server.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emailHeader, startFakeResendServer, type FakeResendServer } from "../../../e2e/support/fake-resend-server";
import { GET as openActionLink } from "../../../app/api/recipient-consent/[token]/route";
import { batchOptionsSchema } from "../../batches/batch-options";
import { createBatch } from "../../batches/create-batch";
import { finishBatchIfDone } from "../../batches/finish-batch-if-done";
import { db } from "../../db/client";
import { createResendTransport } from "../../email/transports/resend";
import type { EmailTransport } from "../../email/transports/types";
import { isAppError } from "../../errors";
import { log } from "../../log";
import { sendDeliveryEmail } from "../../notifications/deliveries/send-delivery-email";
import { listDeliveries } from "../../notifications/deliveries/list-deliveries";
import { RECIPIENT_CONSENT, RECIPIENT_CONSENT_SUBJECT } from "../../notifications/events/recipient-consent";
import { notifyEvents } from "../../notifications/rules/notify-event";
import { assembleDigests } from "../../notifications/scheduled/assemble-digests";
import { fileSummary, newUser } from "../../notifications/__tests__/support/finished-batch";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";
import { NEVER_ASK_DETAIL } from "../answer-consent-request";
import { verifyConsentToken } from "../consent-token";
import { handleConsentPost } from "../handle-consent-post";

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

const PHISHING_NAME = "Your account is locked - verify now at evil-login.com.csv";
const stranger = () => `dana-${randomUUID()}@acme-mail.com`;

/** An upload naming `recipient`, finished as the worker finishes one. */
async function upload(userId: string, recipient: string | undefined, fileName = PHISHING_NAME) {
  const batch = await createBatch(boss, {
    userId,
    source: "api",
    files: [{ key: `uploads/${randomUUID()}`, originalName: fileName, bytes: 10, sha256: "0".repeat(64), contentType: "text/csv" }],
    options: batchOptionsSchema.parse(recipient ? { context: { email: recipient } } : {}),
  });
  await db().$transaction(async (tx) => {
    await tx.batchFile.updateMany({ where: { batchId: batch.id }, data: { status: "completed", summary: fileSummary } });
    await finishBatchIfDone(tx, batch.id, { boss });
  });
  return batch.id;
}

/** What the worker does next: decide every open event, then send every email it queued. Returns the emails the provider accepted. */
async function deliverEverything() {
  const events = await db().notificationEvent.findMany({ where: { processedAt: null }, select: { id: true } });
  await notifyEvents(events.map((event) => event.id), { boss, log });
  const queued = await db().delivery.findMany({ where: { channel: "email", status: "queued" }, select: { id: true } });
  for (const delivery of queued) await sendDeliveryEmail(delivery.id, { signal: new AbortController().signal, isLastAttempt: false, log, transport });
  return server.emails();
}

const to = (emails: Awaited<ReturnType<typeof deliverEverything>>, address: string) =>
  emails.filter((email) => (email.payload.to as string[]).includes(address)).map((email) => email.payload as { subject: string; html: string; text: string });

/** The consent link of the one request email to `address`: its token, from the List-Unsubscribe header. */
function consentToken(emails: Awaited<ReturnType<typeof deliverEverything>>, address: string): string {
  const email = emails.find((candidate) => (candidate.payload.to as string[]).includes(address))!;
  const link = /^<https?:\/\/[^>]+\/api\/recipient-consent\/([^>]+)>$/.exec(emailHeader(email, "List-Unsubscribe") ?? "");
  expect(emailHeader(email, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  return link![1]!;
}

function post(token: string, fields: Record<string, string>) {
  return handleConsentPost(
    new Request(`http://localhost/api/recipient-consent/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    }),
    token,
  );
}

const strangerDelivery = (batchId: string, address: string) =>
  db().delivery.findFirstOrThrow({ where: { event: { batchId }, channel: "email", recipient: address } });

describe("an extra recipient who never agreed", () => {
  it("gets exactly one fixed consent email, no file name and no batch email; after accepting, the next batch's email", async () => {
    const owner = await newUser();
    const dana = stranger();
    const first = await upload(owner.id, dana);
    const firstEmails = await deliverEverything();

    const [request, ...more] = to(firstEmails, dana);
    expect(more).toEqual([]);
    expect(request!.subject).toBe(RECIPIENT_CONSENT_SUBJECT);
    for (const part of [request!.subject, request!.html, request!.text]) {
      expect(part).not.toContain("account is locked");
      expect(part).not.toContain("evil-login");
    }
    // Who asks is said: the owner's sign-in address.
    expect(request!.text).toContain(owner.email.toLowerCase());
    const token = consentToken(firstEmails, dana);
    expect(verifyConsentToken(token)).toMatchObject({ ok: true, email: dana, ownerUserId: owner.id });
    // The owner still hears of their batch, and the log tells them why Dana did not.
    expect(to(firstEmails, owner.email.toLowerCase()).map((email) => email.subject)).toEqual([expect.stringContaining("account is locked")]);
    expect(await strangerDelivery(first, dana)).toMatchObject({ status: "skipped_preference", reason: "recipient_pending" });

    // Another upload naming Dana: no second request, no batch email.
    server.reset();
    const second = await upload(owner.id, dana);
    expect(to(await deliverEverything(), dana)).toEqual([]);
    expect(await db().notificationEvent.count({ where: { userId: owner.id, type: RECIPIENT_CONSENT } })).toBe(1);
    expect(await strangerDelivery(second, dana)).toMatchObject({ status: "skipped_preference", reason: "recipient_pending" });

    // Opening the one-click address (a GET, as a link scanner does) changes nothing.
    const opened = await openActionLink(new Request(`http://localhost/api/recipient-consent/${token}`), { params: Promise.resolve({ token }) });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toMatch(new RegExp(`/r/${token.replace(/[.]/g, "\\.")}$`));
    expect(await db().recipientConsent.findFirst({ where: { email: dana } })).toMatchObject({ status: "pending" });

    const accepted = await post(token, { intent: "accept" });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toContain("done=accepted");

    server.reset();
    const third = await upload(owner.id, dana, "march-leads.csv");
    const batchEmails = to(await deliverEverything(), dana);
    expect(batchEmails.map((email) => email.subject)).toEqual([expect.stringContaining("march-leads.csv")]);
    expect(await strangerDelivery(third, dana)).toMatchObject({ status: "sent", reason: "instant" });
  });

  it("is remembered as refused after a one-click refusal, shown in the owner's delivery log; undo reopens the request", async () => {
    const owner = await newUser();
    const dana = stranger();
    await upload(owner.id, dana);
    const token = consentToken(await deliverEverything(), dana);

    const oneClick = await post(token, { "List-Unsubscribe": "One-Click" });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toBe("");

    server.reset();
    const next = await upload(owner.id, dana);
    expect(to(await deliverEverything(), dana)).toEqual([]);
    expect(await strangerDelivery(next, dana)).toMatchObject({ status: "skipped_preference", reason: "recipient_refused" });
    const log = await listDeliveries(owner.id, { limit: 25 });
    expect(log.items.find((item) => item.recipientLabel === dana && item.reason === "recipient_refused")?.reasonText).toBe(
      "The recipient declined your batch emails",
    );
    // The request itself is in the owner's log too, as sent.
    expect(log.items.find((item) => item.category === "recipient_consent")).toMatchObject({ recipientLabel: dana, status: "sent" });

    expect((await post(token, { intent: "undo" })).headers.get("location")).toContain("done=undone");
    expect(await db().recipientConsent.findFirst({ where: { email: dana } })).toMatchObject({ status: "pending", respondedAt: null });
  });

  it("after 'never ask again', no account can ask the address; undo lifts only that", async () => {
    const owner = await newUser();
    const dana = stranger();
    await upload(owner.id, dana);
    const token = consentToken(await deliverEverything(), dana);
    expect((await post(token, { intent: "never" })).headers.get("location")).toContain("done=never");
    expect(await db().suppression.findUnique({ where: { email: dana } })).toMatchObject({ reason: "unsubscribed", detail: NEVER_ASK_DETAIL });

    server.reset();
    const someoneElse = await newUser();
    await upload(someoneElse.id, dana);
    expect(to(await deliverEverything(), dana)).toEqual([]);
    const request = await db().delivery.findFirstOrThrow({ where: { userId: someoneElse.id, recipient: dana, category: "recipient_consent" } });
    expect(request).toMatchObject({ status: "suppressed", reason: "suppressed" });

    await post(token, { intent: "undo" });
    expect(await db().suppression.findUnique({ where: { email: dana } })).toBeNull();
  });

  it("holds back a digest of batch emails folded while they had accepted, once they refuse", async () => {
    const owner = await newUser();
    const dana = stranger();
    await upload(owner.id, dana);
    const token = consentToken(await deliverEverything(), dana);
    await post(token, { intent: "accept" });
    const batchId = await upload(owner.id, dana);
    const events = await db().notificationEvent.findMany({ where: { processedAt: null }, select: { id: true } });
    await notifyEvents(events.map((event) => event.id), { boss, log });
    // As if the daily cap had folded it into Dana's next digest, yesterday.
    const held = await strangerDelivery(batchId, dana);
    await db().delivery.update({ where: { id: held.id }, data: { status: "digested", reason: "daily_cap", createdAt: new Date("2030-03-04T10:00:00Z") } });
    await post(token, { intent: "refuse" });

    await assembleDigests({ boss, log, now: new Date("2030-03-05T08:00:00Z") });
    const digest = await db().notificationEvent.findFirstOrThrow({ where: { userId: owner.id, type: "digest" } });
    server.reset();
    expect(to(await deliverEverything(), dana)).toEqual([]);
    expect(await db().delivery.findFirst({ where: { eventId: digest.id, recipient: dana } })).toMatchObject({
      status: "skipped_preference",
      reason: "recipient_refused",
    });
  });

  it("refuses a token for another address or a changed one, and changes nothing", async () => {
    const owner = await newUser();
    const dana = stranger();
    await upload(owner.id, dana);
    const token = consentToken(await deliverEverything(), dana);
    const [payload, signature] = token.split(".") as [string, string];
    const changed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    changed.e = `mallory-${randomUUID()}@acme-mail.com`;
    const forged = `${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${signature}`;
    await expect(post(forged, { intent: "accept" })).rejects.toMatchObject({ code: "bad_request" });
    expect(await db().recipientConsent.findFirst({ where: { email: dana } })).toMatchObject({ status: "pending" });
  });
});

describe("daily caps", () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isAppError(error)).toBe(true);
    return error as import("../../errors").AppError;
  };

  it("refuses an account's sixth new address of the day, storing nothing; addresses named before and the owner's own still work", async () => {
    const owner = await newUser();
    const named = Array.from({ length: 5 }, stranger);
    for (const address of named) await upload(owner.id, address);
    const batchesBefore = await db().batch.count({ where: { userId: owner.id } });

    const sixth = stranger();
    const error = await refusal(upload(owner.id, sixth));
    expect(error).toMatchObject({ code: "recipient_limit_reached", status: 429, details: { limit: "account" } });
    expect(error.message).toMatch(/at most 5 new extra recipients a day/);
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(23 * 3600);
    expect(await db().batch.count({ where: { userId: owner.id } })).toBe(batchesBefore);
    expect(await db().recipientConsent.count({ where: { email: sixth } })).toBe(0);

    await upload(owner.id, named[0]);
    await upload(owner.id, owner.email.toUpperCase());
    await upload(owner.id, undefined);
    expect(await db().batch.count({ where: { userId: owner.id } })).toBe(batchesBefore + 3);
  });

  it("lets at most three accounts a day ask one address", async () => {
    const dana = stranger();
    for (let i = 0; i < 3; i += 1) await upload((await newUser()).id, dana);
    const fourth = await newUser();
    const error = await refusal(upload(fourth.id, dana));
    expect(error).toMatchObject({ code: "recipient_limit_reached", status: 429, details: { limit: "address" } });
    expect(await db().recipientConsent.count({ where: { email: dana } })).toBe(3);
    expect(await db().batch.count({ where: { userId: fourth.id } })).toBe(0);
  });
});
