// The `notification.send-email` job: renders and sends the email of one delivery.
//
// Exactly once: the delivery id is the Idempotency-Key, and the message is rendered
// only from frozen data, so if a worker dies after the provider accepted but before
// the delivery was marked sent, the retry gets the provider's first answer back and
// no second email goes out. (SMTP has no such key: there the window is at-least-once.)
//
// Failures: a 429 waits for the provider's retry-after (briefly, in place); other 4xx
// are final (`failed` with the provider's words); 5xx and network errors throw, so
// pg-boss retries with backoff and, after the last try, dead-letters the job.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { batchFinishedPayloadSchema } from "../batches/batch-finished-event";
import { db } from "../db/client";
import type { DeliveryStatus } from "../db/generated/client";
import { isEmailSendError, type EmailSendError } from "../email/email-send-error";
import { sendEmail } from "../email/send-email";
import type { EmailTransport } from "../email/transports";
import { env } from "../env";
import type { JobContext } from "../queue/define-queue";
import { composeBatchEmail } from "./compose-batch-email";
import { configurableCategorySchema } from "./notification-preferences";
import { isSuppressed } from "./suppression";

/** Statuses a send job may still act on; anything else was settled by an earlier run. */
const SENDABLE: DeliveryStatus[] = ["queued", "deferred"];
/** Waiting longer than this for a 429 frees the worker slot: the job is retried later instead. */
const MAX_IN_PLACE_RATE_LIMIT_WAIT_SECONDS = 30;
const MAX_RATE_LIMIT_WAITS = 5;

const deliveryContextSchema = z.object({ timeZone: z.string() }).loose();

export type SendDeliveryContext = Pick<JobContext, "signal" | "isLastAttempt" | "log"> & {
  /** Tests pass one; the worker sends through the process-wide transport. */
  transport?: EmailTransport;
};

export async function sendDeliveryEmail(deliveryId: string, context: SendDeliveryContext): Promise<void> {
  const delivery = await db().delivery.findUnique({ where: { id: deliveryId }, include: { event: true } });
  if (!delivery || !SENDABLE.includes(delivery.status)) return;
  const settle = (status: DeliveryStatus, data: Record<string, unknown> = {}) =>
    db().delivery.updateMany({ where: { id: deliveryId, status: { in: SENDABLE } }, data: { status, ...data } });

  // An unsubscribe or a bounce between the decision and now wins.
  if (await isSuppressed(delivery.recipient)) {
    await settle("suppressed", { reason: "suppressed" });
    return;
  }

  const payload = batchFinishedPayloadSchema.safeParse(delivery.event.payload);
  const category = configurableCategorySchema.safeParse(delivery.category);
  if (!payload.success || !category.success || !delivery.event.batchId) {
    await settle("failed", { lastError: "The notification's data could not be read.", failedAt: new Date() });
    return;
  }
  const email = composeBatchEmail({
    batchId: delivery.event.batchId,
    payload: payload.data,
    recipient: delivery.recipient,
    category: category.data,
    ownerUserId: delivery.userId,
    timeZone: deliveryContextSchema.safeParse(delivery.context).data?.timeZone ?? "UTC",
    decidedAt: delivery.createdAt,
    appUrl: env().APP_URL,
  });

  for (let rateLimitWaits = 0; ; rateLimitWaits += 1) {
    await db().delivery.update({ where: { id: deliveryId }, data: { attempts: { increment: 1 } } });
    try {
      const { providerMessageId } = await sendEmail({
        to: delivery.recipient,
        subject: email.subject,
        react: email.react,
        headers: email.headers,
        tags: [{ name: "category", value: delivery.category }],
        idempotencyKey: delivery.id,
      }, context.transport);
      await settle("sent", { providerMessageId, sentAt: new Date(), lastError: null });
      return;
    } catch (error) {
      if (!isEmailSendError(error)) throw error;
      const lastError = error.message.slice(0, 1000);
      if (!error.retryable) {
        await settle("failed", { lastError, failedAt: new Date() });
        context.log.warn({ event: "delivery.failed", deliveryId, code: error.code }, "provider refused the email for good");
        return;
      }
      const wait = inPlaceWaitSeconds(error, rateLimitWaits);
      if (wait !== null) {
        await db().delivery.update({ where: { id: deliveryId }, data: { lastError } });
        await sleep(wait * 1000, undefined, { signal: context.signal });
        continue;
      }
      await db().delivery.update({ where: { id: deliveryId }, data: { lastError } });
      if (context.isLastAttempt) await markGivenUp(deliveryId);
      throw error;
    }
  }
}

/** A 429 with a short retry-after is waited out here; anything else goes back to pg-boss. */
function inPlaceWaitSeconds(error: EmailSendError, waitsSoFar: number): number | null {
  if (error.statusCode !== 429 || waitsSoFar >= MAX_RATE_LIMIT_WAITS) return null;
  const seconds = error.retryAfterSeconds ?? 1;
  return seconds <= MAX_IN_PLACE_RATE_LIMIT_WAIT_SECONDS ? seconds : null;
}

/** Every retry used (or the job dead-lettered after a worker died): final, with the last error kept. */
export async function markGivenUp(deliveryId: string): Promise<void> {
  await db().delivery.updateMany({
    where: { id: deliveryId, status: { in: SENDABLE } },
    data: { status: "failed", failedAt: new Date() },
  });
}
