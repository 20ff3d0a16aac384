// The `notification.notify` job: turns one outbox event into Delivery rows — one per
// channel × recipient, each with the decision evaluateNotification() made — and
// queues a send job for each email that goes out, all in one transaction with
// marking the event processed. Running it again for the same event does nothing.
import { fromPrisma, type PgBoss } from "pg-boss";
import { batchOptionsSchema } from "../batches/batch-options";
import { BATCH_FINISHED, batchFinishedPayloadSchema } from "../batches/batch-finished-event";
import { db, type Tx } from "../db/client";
import type { DeliveryChannel, DeliveryStatus } from "../db/generated/client";
import type { Logger } from "../log";
import { enqueue } from "../queue/enqueue";
import { categoryForOutcome, evaluateNotification, type BatchContract, type Decision } from "./evaluate-notification";
import type { NotificationCategory, NotificationPreferences } from "./notification-preferences";
import { configurableCategorySchema, defaultPreferences } from "./notification-preferences";
import { loadPreferences } from "./preference-store";
import { isSuppressed, normalizeAddress } from "./suppression";
import { startOfLocalDay } from "./zoned-time";

/** Statuses that count towards the daily cap: emails that went, or are about to. */
const COUNTS_TOWARDS_CAP: DeliveryStatus[] = ["queued", "sent", "delivered", "bounced", "complained"];

type DeliveryDraft = {
  channel: DeliveryChannel;
  recipient: string;
  category: NotificationCategory;
  status: DeliveryStatus;
  reason: string;
  deferUntil: Date | null;
  deliveredAt?: Date;
  /** Render inputs frozen now, so a retried send renders the same bytes. */
  context: { timeZone: string };
};

export type NotifyResult = { deliveries: number; emailsQueued: number } | null;

export async function notifyEvent(eventId: string, { boss, log }: { boss: PgBoss; log: Logger }): Promise<NotifyResult> {
  return db().$transaction(async (tx) => {
    // The row lock makes two notify jobs for one event (a retry racing a slow first
    // attempt) take turns; the second sees processedAt and stops.
    const locked = await tx.$queryRaw<{ processedAt: Date | null }[]>`
      SELECT "processedAt" FROM "NotificationEvent" WHERE id = ${eventId} FOR UPDATE`;
    if (locked.length === 0 || locked[0]?.processedAt) return null;

    const event = await tx.notificationEvent.findUniqueOrThrow({ where: { id: eventId } });
    // One owner's notifications are decided one at a time, so the daily cap holds.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`notify:${event.userId}`}))`;
    const drafts = event.type === BATCH_FINISHED ? await planBatchFinished(tx, event, log) : [];
    if (event.type !== BATCH_FINISHED) log.warn({ event: "notify.unknown_event", type: event.type, eventId }, "no rules for this event type");

    const created = await tx.delivery.createManyAndReturn({
      data: drafts.map((draft) => ({ eventId, userId: event.userId, ...draft })),
      skipDuplicates: true,
      select: { id: true, channel: true, status: true, deferUntil: true },
    });
    let emailsQueued = 0;
    for (const delivery of created) {
      if (delivery.channel !== "email" || (delivery.status !== "queued" && delivery.status !== "deferred")) continue;
      await enqueue(
        boss,
        "notification.send-email",
        { deliveryId: delivery.id },
        { db: fromPrisma(tx), ...(delivery.deferUntil ? { startAfter: delivery.deferUntil } : {}) },
      );
      emailsQueued += 1;
    }
    await tx.notificationEvent.update({ where: { id: eventId }, data: { processedAt: new Date() } });
    return { deliveries: created.length, emailsQueued };
  });
}

type EventRow = { id: string; userId: string; batchId: string | null; payload: unknown; createdAt: Date };

async function planBatchFinished(tx: Tx, event: EventRow, log: Logger): Promise<DeliveryDraft[]> {
  const payload = batchFinishedPayloadSchema.safeParse(event.payload);
  const owner = await tx.user.findUnique({ where: { id: event.userId }, select: { id: true, email: true } });
  if (!payload.success || !owner) {
    log.warn({ event: "notify.unusable_event", eventId: event.id, owner: Boolean(owner) }, "event cannot be notified; skipped");
    return [];
  }
  const batch = event.batchId ? await tx.batch.findUnique({ where: { id: event.batchId }, select: { options: true } }) : null;
  // Options were validated at upload; a batch deleted since falls back to the defaults.
  const options = batchOptionsSchema.safeParse(batch?.options ?? {});
  const contract = options.success ? options.data.notifications.email : undefined;
  const extraRecipient = options.success ? options.data.context.email : undefined;

  const now = new Date();
  const outcome = payload.data.outcome;
  const category = categoryForOutcome(outcome);
  const ownerPreferences = await loadPreferences(owner.id, tx);

  const decide = async (channel: DeliveryChannel, recipient: string, preferences: NotificationPreferences, contractFor?: BatchContract) => {
    const decision = evaluateNotification({
      category,
      channel,
      outcome,
      now,
      preferences,
      // Suppression is about an address: it holds back email only.
      suppressed: channel === "email" && (await isSuppressed(recipient, tx)),
      batchContract: contractFor,
      sentToday: channel === "email" ? await sentToday(tx, recipient, preferences.timeZone, now) : 0,
    });
    return draftFrom(channel, recipient, category, decision, preferences.timeZone);
  };

  const drafts = [await decide("email", normalizeAddress(owner.email), ownerPreferences, contract)];
  if (extraRecipient && normalizeAddress(extraRecipient) !== normalizeAddress(owner.email)) {
    // Someone the owner named at upload: the owner's contract and time zone, the
    // default categories minus any they unsubscribed from (stored per owner).
    const recipient = normalizeAddress(extraRecipient);
    drafts.push(await decide("email", recipient, await recipientPreferences(tx, recipient, owner.id, ownerPreferences.timeZone), contract));
  }
  drafts.push(inAppDraft(await decide("in_app", owner.id, ownerPreferences)));
  return drafts;
}

function draftFrom(channel: DeliveryChannel, recipient: string, category: NotificationCategory, decision: Decision, timeZone: string): DeliveryDraft {
  const status: DeliveryStatus = decision.action === "send" ? "queued" : decision.action;
  return {
    channel,
    recipient,
    category,
    status,
    reason: decision.reason,
    deferUntil: decision.action === "deferred" ? decision.deferUntil : null,
    context: { timeZone },
  };
}

/** The in-app list is silent: quiet hours, caps and digests do not hold it back. */
function inAppDraft(draft: DeliveryDraft): DeliveryDraft {
  if (draft.status === "skipped_preference" || draft.status === "suppressed") return draft;
  return { ...draft, status: "delivered", deferUntil: null, deliveredAt: new Date() };
}

async function recipientPreferences(tx: Tx, email: string, ownerUserId: string, timeZone: string): Promise<NotificationPreferences> {
  const preferences = defaultPreferences(timeZone);
  const optOuts = await tx.recipientOptOut.findMany({ where: { email, ownerUserId }, select: { category: true } });
  for (const { category } of optOuts) {
    const parsed = configurableCategorySchema.safeParse(category);
    if (parsed.success) preferences.categories[parsed.data].channels.email = false;
  }
  return preferences;
}

async function sentToday(tx: Tx, recipient: string, timeZone: string, now: Date): Promise<number> {
  return tx.delivery.count({
    where: { recipient, channel: "email", status: { in: COUNTS_TOWARDS_CAP }, createdAt: { gte: startOfLocalDay(now, timeZone) } },
  });
}
