// The `webhook.deliver` job: POSTs one webhook Delivery (recipient = endpoint id) to
// its endpoint, signed the Standard Webhooks way, and settles the delivery.
//
// The webhook-id is the delivery id and the body is built from the event's frozen
// snapshot, so every retry carries the same id and bytes: a receiver that saw the
// first try (and answered too late) can recognise the retry and drop it.
//
// Outcomes: 2xx → sent (and delivered: the endpoint has it); a redirect or a 4xx
// other than 408/429 → failed at once, a retry would get the same answer; 5xx, 408,
// 429, timeouts and network errors throw, so pg-boss retries with backoff; after
// the last try the delivery is failed with the last error kept.
//
// An endpoint deleted, turned off or no longer subscribed to the event since the
// notification was decided gets no request: the delivery becomes skipped_preference
// (the person's own choice, like a preference turned off, not a failure to alarm
// anyone), with the reason in lastError for the delivery log.
import { db } from "../db/client";
import type { DeliveryStatus } from "../db/generated/client";
import { env } from "../env";
import { readEvent } from "../notifications/events";
import type { JobContext } from "../queue/queue-contract";
import { sendSignedWebhook, type SignedWebhookInput } from "./send-signed-webhook";

/** Statuses a delivery job may still act on; anything else was settled by an earlier run. */
const SENDABLE: DeliveryStatus[] = ["queued", "deferred"];

export type DeliverWebhookContext = Pick<JobContext, "signal" | "isLastAttempt" | "log"> & Pick<SignedWebhookInput, "resolve">;

/** Thrown for an answer worth trying again later; pg-boss retries the job. */
export class WebhookRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookRetryableError";
  }
}

export async function deliverWebhook(deliveryId: string, context: DeliverWebhookContext): Promise<void> {
  const delivery = await db().delivery.findUnique({ where: { id: deliveryId }, include: { event: true } });
  if (!delivery || delivery.channel !== "webhook" || !SENDABLE.includes(delivery.status)) return;
  const settle = (status: DeliveryStatus, data: Record<string, unknown> = {}) =>
    db().delivery.updateMany({ where: { id: deliveryId, status: { in: SENDABLE } }, data: { status, ...data } });

  const read = readEvent(delivery.event);
  const body = read ? read.kind.webhookBody(delivery.event, read.payload, env().APP_URL) : null;
  if (!body) {
    await settle("failed", { lastError: "The notification's data could not be read.", failedAt: new Date() });
    return;
  }

  // The owner's endpoint only: a recipient id pointing at someone else's endpoint must not leak the batch.
  const endpoint = await db().webhookEndpoint.findFirst({ where: { id: delivery.recipient, userId: delivery.userId } });
  const skip = !endpoint
    ? { reason: "webhook_endpoint_deleted", lastError: "The webhook endpoint was deleted before this could be sent." }
    : !endpoint.enabled
      ? { reason: "webhook_endpoint_disabled", lastError: "The webhook endpoint was turned off before this could be sent." }
      : !endpoint.events.includes(body.type)
        ? { reason: "webhook_event_unsubscribed", lastError: `The webhook endpoint no longer subscribes to ${body.type}.` }
        : null;
  if (!endpoint || skip) {
    await settle("skipped_preference", skip ?? {});
    context.log.info({ event: "webhook.skipped", deliveryId, reason: skip?.reason }, "webhook not sent");
    return;
  }

  await db().delivery.update({ where: { id: deliveryId }, data: { attempts: { increment: 1 } } });
  const result = await sendSignedWebhook({
    endpoint,
    webhookId: delivery.id,
    eventType: body.type,
    body: JSON.stringify(body),
    deliveryId: delivery.id,
    signal: context.signal,
    resolve: context.resolve,
  });
  const logFields = { deliveryId, endpointId: endpoint.id, status: result.status, durationMs: result.durationMs };

  if (result.outcome === "delivered") {
    const now = new Date();
    await settle("sent", { sentAt: now, deliveredAt: now, lastError: null });
    context.log.info({ event: "webhook.delivered", ...logFields }, "webhook delivered");
    return;
  }
  const lastError = (result.error ?? "The webhook could not be delivered.").slice(0, 1000);
  if (result.outcome === "rejected") {
    await settle("failed", { lastError, failedAt: new Date() });
    context.log.warn({ event: "webhook.failed", ...logFields }, "endpoint refused the webhook for good");
    return;
  }
  await db().delivery.update({ where: { id: deliveryId }, data: { lastError } });
  if (context.isLastAttempt) await markWebhookGivenUp(deliveryId);
  throw new WebhookRetryableError(lastError);
}

/** Every retry used (or the job dead-lettered after a worker died): final, with the last error kept. */
export async function markWebhookGivenUp(deliveryId: string): Promise<void> {
  await db().delivery.updateMany({
    where: { id: deliveryId, channel: "webhook", status: { in: SENDABLE } },
    data: { status: "failed", failedAt: new Date() },
  });
}
