// Plays Resend for the webhook route: signed requests with its event shapes, and
// Delivery rows (with the user and event they belong to) for the events to be about.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import type { DeliveryStatus } from "@/lib/db/generated/client";
import { type SvixSigningOptions, svixHeaders } from "@/lib/webhooks/__tests__/support/sign-svix";

export const WEBHOOK_URL = "http://localhost:3000/api/webhooks/resend";

type RequestOptions = SvixSigningOptions & { secret: string; headers?: Record<string, string> };

/** A POST with `body` signed by `secret`; `headers` override or add to the svix-* ones. */
export function resendRequest(body: string, { secret, headers = {}, ...signing }: RequestOptions): Request {
  return new Request(WEBHOOK_URL, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...svixHeaders(body, secret, signing), ...headers },
  });
}

export type Bounce = { type: string; subType?: string; message?: string };

type EventOptions = { bounce?: Bounce; createdAt?: Date };

/** A Resend email event as documented (https://resend.com/docs/webhooks/event-types). */
export function resendEvent(type: string, emailId: string, to: string[], { bounce, createdAt = new Date() }: EventOptions = {}): string {
  return JSON.stringify({
    type,
    created_at: createdAt.toISOString(),
    data: {
      created_at: new Date().toISOString(),
      email_id: emailId,
      from: "Tidings <no-reply@tidings.example>",
      to,
      subject: "Your batch is ready",
      ...(bounce ? { bounce } : {}),
    },
  });
}

/** An email Delivery the provider accepted (status `sent` unless told), with its own user and event. */
export async function sentDelivery(status: DeliveryStatus = "sent") {
  const user = await db().user.create({ data: { email: `owner-${randomUUID()}@example.com` } });
  const event = await db().notificationEvent.create({
    data: { type: "batch.finished", dedupeKey: `test:${randomUUID()}`, userId: user.id, payload: {}, processedAt: new Date() },
  });
  return db().delivery.create({
    data: {
      eventId: event.id,
      userId: user.id,
      channel: "email",
      recipient: `to-${randomUUID()}@example.com`,
      category: "batch_succeeded",
      status,
      providerMessageId: randomUUID(),
      sentAt: new Date(),
    },
  });
}

export async function reload(delivery: { id: string }) {
  return db().delivery.findUniqueOrThrow({ where: { id: delivery.id } });
}

export async function suppressionOf(address: string) {
  return db().suppression.findUnique({ where: { email: address.toLowerCase() } });
}
