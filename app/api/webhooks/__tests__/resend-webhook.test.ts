// POST /api/webhooks/resend, called as a plain function with signed requests, against
// real Postgres: what each Resend event does to the delivery log and suppression list.
import { newSvixSecret } from "@/lib/webhooks/__tests__/support/sign-svix";

// Before anything reads the settings: env() keeps the first values it sees.
const SECRET = newSvixSecret();
process.env.RESEND_WEBHOOK_SECRET = SECRET;

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST } from "../resend/route";
import { reload, resendEvent, resendRequest, sentDelivery, suppressionOf, WEBHOOK_URL } from "./support/resend-webhook-fixtures";

const HARD_BOUNCE = { type: "Permanent", subType: "General", message: "550 5.1.1 The email account does not exist." };
const SOFT_BOUNCE = { type: "Transient", subType: "MailboxFull", message: "452 4.2.2 The mailbox is full." };

async function post(body: string, options: Parameters<typeof resendRequest>[1] = { secret: SECRET }) {
  return POST(resendRequest(body, options));
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
}

describe("POST /api/webhooks/resend", () => {
  it("marks a sent email delivered, at the time Resend reports", async () => {
    const delivery = await sentDelivery();
    const deliveredAt = new Date(Date.now() - 90_000);
    const response = await post(resendEvent("email.delivered", delivery.providerMessageId!, [delivery.recipient], { createdAt: deliveredAt }));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(await reload(delivery)).toMatchObject({ status: "delivered", deliveredAt });
  });

  it("marks a hard bounce bounced with the server's words, and suppresses the address", async () => {
    const delivery = await sentDelivery("delivered");
    const response = await post(resendEvent("email.bounced", delivery.providerMessageId!, [delivery.recipient], { bounce: HARD_BOUNCE }));

    expect(response.status).toBe(200);
    const after = await reload(delivery);
    expect(after.status).toBe("bounced");
    expect(after.lastError).toContain("The email account does not exist.");
    expect(await suppressionOf(delivery.recipient)).toMatchObject({ reason: "bounced", detail: expect.stringContaining("Permanent") });
  });

  it("marks a complaint complained, and suppresses the address", async () => {
    const delivery = await sentDelivery("delivered");
    await post(resendEvent("email.complained", delivery.providerMessageId!, [delivery.recipient.toUpperCase()]));

    expect((await reload(delivery)).status).toBe("complained");
    expect(await suppressionOf(delivery.recipient)).toMatchObject({ reason: "complained" });
  });

  it("records a soft bounce on the delivery but does not suppress the address", async () => {
    const delivery = await sentDelivery();
    await post(resendEvent("email.bounced", delivery.providerMessageId!, [delivery.recipient], { bounce: SOFT_BOUNCE }));

    expect((await reload(delivery)).status).toBe("bounced");
    expect(await suppressionOf(delivery.recipient)).toBeNull();
  });

  it("never moves a delivery back: a late 'delivered' after a bounce changes nothing", async () => {
    const delivery = await sentDelivery();
    await post(resendEvent("email.bounced", delivery.providerMessageId!, [delivery.recipient], { bounce: HARD_BOUNCE }));
    const response = await post(resendEvent("email.delivered", delivery.providerMessageId!, [delivery.recipient]));

    expect(response.status).toBe(200);
    const after = await reload(delivery);
    expect(after.status).toBe("bounced");
    expect(after.deliveredAt).toBeNull();
  });

  it("answers a replayed webhook as a duplicate and changes nothing", async () => {
    const delivery = await sentDelivery();
    const id = `msg_${randomUUID()}`;
    const body = resendEvent("email.bounced", delivery.providerMessageId!, [delivery.recipient], { bounce: SOFT_BOUNCE });
    expect(await (await post(body, { secret: SECRET, id })).json()).toEqual({ received: true });
    // Someone resets the row; a replay of the same svix-id must not bounce it again.
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "sent", lastError: null } });

    const replay = await post(body, { secret: SECRET, id });

    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    expect(await reload(delivery)).toMatchObject({ status: "sent", lastError: null });
    expect(await db().webhookReceipt.findUnique({ where: { id } })).toMatchObject({ source: "resend" });
  });

  it("answers 200 for an email it never sent (a sign-in link) and changes nothing", async () => {
    const address = `stranger-${randomUUID()}@example.com`;
    const response = await post(resendEvent("email.bounced", randomUUID(), [address], { bounce: HARD_BOUNCE }));

    expect(response.status).toBe(200);
    expect(await suppressionOf(address)).toBeNull();
  });

  it("acknowledges kinds it does not act on (opened, delayed, …) without changing the delivery", async () => {
    const delivery = await sentDelivery();
    for (const type of ["email.opened", "email.delivery_delayed", "contact.created"]) {
      const response = await post(resendEvent(type, delivery.providerMessageId!, [delivery.recipient]));
      expect(response.status).toBe(200);
    }
    expect((await reload(delivery)).status).toBe("sent");
  });

  it("refuses a wrong secret, a tampered body and a missing signature with 401, changing nothing", async () => {
    const delivery = await sentDelivery();
    const body = resendEvent("email.complained", delivery.providerMessageId!, [delivery.recipient]);
    const id = `msg_${randomUUID()}`;

    await expectError(await post(body, { secret: newSvixSecret(), id }), 401, "invalid_signature");
    const signed = resendRequest(body, { secret: SECRET, id });
    const tampered = new Request(WEBHOOK_URL, { method: "POST", headers: signed.headers, body: body.replace("email.complained", "email.delivered") });
    await expectError(await POST(tampered), 401, "invalid_signature");
    await expectError(await POST(new Request(WEBHOOK_URL, { method: "POST", body })), 401, "invalid_signature");

    expect((await reload(delivery)).status).toBe("sent");
    expect(await suppressionOf(delivery.recipient)).toBeNull();
    // Refused requests leave no receipt, so the genuine delivery of that id still counts.
    expect(await db().webhookReceipt.findUnique({ where: { id } })).toBeNull();
  });

  it("refuses a correctly signed but stale request with 401", async () => {
    const delivery = await sentDelivery();
    const body = resendEvent("email.delivered", delivery.providerMessageId!, [delivery.recipient]);
    await expectError(await post(body, { secret: SECRET, timestamp: new Date(Date.now() - 10 * 60 * 1000) }), 401, "stale_webhook");
    expect((await reload(delivery)).status).toBe("sent");
  });

  it("answers 400 to a signed body that is not JSON or not a well-formed event", async () => {
    await expectError(await post("not json"), 400, "bad_request");
    await expectError(await post(JSON.stringify({ data: {} })), 400, "bad_request");
    const noEmailId = JSON.stringify({ type: "email.bounced", created_at: new Date().toISOString(), data: { to: [] } });
    await expectError(await post(noEmailId), 400, "bad_request");
  });

  it("refuses a body over 256 KB with 413 before checking anything else", async () => {
    const body = JSON.stringify({ type: "email.opened", padding: "x".repeat(300 * 1024) });
    await expectError(await post(body), 413, "payload_too_large");
  });
});
