// The `notification.notify` job: turns outbox events into Delivery rows — one per
// channel × recipient, each with the decision evaluateNotification() made — and
// queues a send job for each email that goes out, in one transaction with marking
// the events processed. Running it again for an event does nothing. The rules of
// `batch.finished` are here; those of the digest and the results-expiring reminder in
// plan-owner-notifications.ts.
//
// Events are decided in groups (a worker fetches up to 50 at a time): the rows they
// need are read with one query per table instead of one per event, which is what
// keeps the pipeline at hundreds of emails a second.
import { fromPrisma, type PgBoss } from "pg-boss";
import { batchOptionsSchema } from "../../batches/batch-options";
import { BATCH_FINISHED, batchFinishedPayloadSchema } from "../events/batch-finished";
import { db, type Tx } from "../../db/client";
import type { DeliveryChannel, DeliveryStatus } from "../../db/generated/client";
import type { Logger } from "../../log";
import { enqueueMany } from "../../queue/enqueue";
import { DIGEST, digestPayloadSchema } from "../events/digest";
import { categoryForOutcome, evaluateNotification, type BatchContract } from "./evaluate-notification";
import type { NotificationCategory, NotificationPreferences } from "../preferences/notification-preferences";
import { planDigest, planResultsExpiring } from "./plan-owner-notifications";
import { parseStoredPreferences } from "../preferences/preference-store";
import { optOutKey, recipientPreferences } from "../preferences/recipient-preferences";
import { RESULTS_EXPIRING } from "../events/results-expiring";
import { normalizeAddress } from "../deliveries/suppression";
import { webhookEventForOutcome } from "../../webhooks/webhook-events";
import { startOfLocalDay } from "../preferences/zoned-time";

/** Statuses that count towards the daily cap: emails that went, or are about to. */
const COUNTS_TOWARDS_CAP: DeliveryStatus[] = ["queued", "sent", "delivered", "bounced", "complained"];

export type DeliveryDraft = {
  eventId: string;
  userId: string;
  channel: DeliveryChannel;
  recipient: string;
  category: NotificationCategory;
  status: DeliveryStatus;
  reason: string;
  deferUntil: Date | null;
  deliveredAt?: Date;
  /** Render inputs frozen now, so a retried send renders the same bytes: the zone, and whether the address is an extra recipient. */
  context: { timeZone: string; extraRecipient?: true };
};

export type NotifyResult = { deliveries: number; emailsQueued: number };
type Context = { boss: PgBoss; log: Logger };

/** Decides one event; null when it was already decided (or does not exist). */
export async function notifyEvent(eventId: string, context: Context): Promise<NotifyResult | null> {
  return (await notifyEvents([eventId], context)).get(eventId) ?? null;
}

/** Decides every given event not decided yet; the result has an entry per event decided now. */
export async function notifyEvents(eventIds: readonly string[], { boss, log }: Context): Promise<Map<string, NotifyResult>> {
  return db().$transaction(async (tx) => {
    // Row locks (in id order, so two groups never deadlock) make a retry racing a slow
    // first attempt wait, then find the event processed and skip it.
    const events = await tx.$queryRaw<EventRow[]>`
      SELECT id, type, "userId", "batchId", payload FROM "NotificationEvent"
      WHERE id = ANY(${[...eventIds]}) AND "processedAt" IS NULL ORDER BY id FOR UPDATE`;
    if (events.length === 0) return new Map();
    // One owner's notifications are decided one group at a time, so the daily cap holds.
    const owners = [...new Set(events.map((event) => event.userId))].sort();
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('notify:' || owner)) FROM (SELECT unnest(${owners}::text[]) AS owner ORDER BY 1) AS sorted`;

    const facts = await loadFacts(tx, events);
    const now = new Date();
    const drafts: DeliveryDraft[] = [];
    for (const event of events) {
      const plan = planners.get(event.type);
      if (!plan) {
        log.warn({ event: "notify.unknown_event", type: event.type, eventId: event.id }, "no rules for this event type");
        continue;
      }
      drafts.push(...plan(event, facts, now, log));
    }

    const created = await tx.delivery.createManyAndReturn({
      data: drafts,
      skipDuplicates: true,
      select: { id: true, eventId: true, channel: true, status: true, deferUntil: true },
    });
    const goingOut = (channel: DeliveryChannel) =>
      created.filter((delivery) => delivery.channel === channel && (delivery.status === "queued" || delivery.status === "deferred"));
    const emails = goingOut("email");
    const queue = { db: fromPrisma(tx) };
    await enqueueMany(
      boss,
      "notification.send-email",
      emails.map((delivery) => ({ payload: { deliveryId: delivery.id }, startAfter: delivery.deferUntil ?? undefined })),
      queue,
    );
    await enqueueMany(boss, "webhook.deliver", goingOut("webhook").map((delivery) => ({ payload: { deliveryId: delivery.id } })), queue);
    await tx.notificationEvent.updateMany({ where: { id: { in: events.map((event) => event.id) } }, data: { processedAt: now } });

    const results = new Map<string, NotifyResult>(events.map((event) => [event.id, { deliveries: 0, emailsQueued: 0 }]));
    for (const delivery of created) results.get(delivery.eventId)!.deliveries += 1;
    for (const delivery of emails) results.get(delivery.eventId)!.emailsQueued += 1;
    return results;
  });
}

export type EventRow = { id: string; type: string; userId: string; batchId: string | null; payload: unknown };

/** What the rules need to know about the owners, batches and addresses of a group of events. */
export type Facts = {
  owners: Map<string, { id: string; email: string; preferences: NotificationPreferences; endpoints: { id: string; events: string[] }[] }>;
  batchOptions: Map<string, unknown>;
  optOuts: Set<string>;
  suppressed: Set<string>;
  /** Emails counted towards each address's cap today, updated as this group decides. */
  sentToday: Map<string, number>;
};

/** The rules per event type; an event of another type is marked processed with no deliveries. */
const planners = new Map<string, (event: EventRow, facts: Facts, now: Date, log: Logger) => DeliveryDraft[]>([
  [BATCH_FINISHED, planBatchFinished],
  [DIGEST, planDigest],
  [RESULTS_EXPIRING, planResultsExpiring],
]);


async function loadFacts(tx: Tx, events: EventRow[]): Promise<Facts> {
  const ownerIds = [...new Set(events.map((event) => event.userId))];
  const batchIds = events.flatMap((event) => (event.batchId ? [event.batchId] : []));
  const [users, preferenceRows, batches, endpointRows] = await Promise.all([
    tx.user.findMany({ where: { id: { in: ownerIds } }, select: { id: true, email: true } }),
    tx.notificationPreference.findMany({ where: { userId: { in: ownerIds } }, select: { userId: true, settings: true } }),
    tx.batch.findMany({ where: { id: { in: batchIds } }, select: { id: true, options: true } }),
    tx.webhookEndpoint.findMany({ where: { userId: { in: ownerIds }, enabled: true }, select: { id: true, userId: true, events: true } }),
  ]);
  const storedPreferences = new Map(preferenceRows.map((row) => [row.userId, row.settings]));
  const endpointsOf = (userId: string) => endpointRows.filter((endpoint) => endpoint.userId === userId);
  const owners = new Map(
    users.map((user) => {
      const endpoints = endpointsOf(user.id);
      // Someone who added an endpoint wants webhooks, unless they said otherwise.
      const preferences = parseStoredPreferences(user.id, storedPreferences.get(user.id), { webhookConfigured: endpoints.length > 0 });
      return [user.id, { id: user.id, email: normalizeAddress(user.email), preferences, endpoints }];
    }),
  );
  const batchOptions = new Map(batches.map((batch) => [batch.id, batch.options as unknown]));

  // Every address an email might go to: owners, the extra recipients of their batches
  // and of their digests.
  const addresses = new Set([...owners.values()].map((owner) => owner.email));
  for (const options of batchOptions.values()) {
    const extra = batchOptionsSchema.safeParse(options).data?.context.email;
    if (extra) addresses.add(normalizeAddress(extra));
  }
  for (const event of events) {
    const recipient = event.type === DIGEST ? digestPayloadSchema.safeParse(event.payload).data?.recipient : undefined;
    if (recipient) addresses.add(normalizeAddress(recipient));
  }
  const emails = [...addresses];
  const [optOutRows, suppressionRows] = await Promise.all([
    tx.recipientOptOut.findMany({ where: { email: { in: emails }, ownerUserId: { in: ownerIds } } }),
    tx.suppression.findMany({ where: { email: { in: emails } }, select: { email: true } }),
  ]);
  // "Today" is each recipient's own day, in the time zone their emails use.
  const since = emails.map((email) => startOfLocalDay(new Date(), timeZoneFor(email, owners)));
  const counts = await tx.$queryRaw<{ recipient: string; count: bigint }[]>`
    SELECT r.recipient, (
      SELECT count(*) FROM "Delivery" d
      WHERE d.recipient = r.recipient AND d.channel = 'email'
        AND d.status::text = ANY(${COUNTS_TOWARDS_CAP}) AND d."createdAt" >= r.since
    ) AS count
    FROM unnest(${emails}::text[], ${since}::timestamp[]) AS r(recipient, since)`;
  return {
    owners,
    batchOptions,
    optOuts: new Set(optOutRows.map((row) => optOutKey(row.email, row.ownerUserId, row.category))),
    suppressed: new Set(suppressionRows.map((row) => row.email)),
    sentToday: new Map(counts.map((row) => [row.recipient, Number(row.count)])),
  };
}

/** An owner's own zone; an extra recipient's emails use the zone of (the first) owner who named them. */
function timeZoneFor(email: string, owners: Facts["owners"]): string {
  for (const owner of owners.values()) if (owner.email === email) return owner.preferences.timeZone;
  return owners.values().next().value?.preferences.timeZone ?? "UTC";
}

function planBatchFinished(event: EventRow, facts: Facts, now: Date, log: Logger): DeliveryDraft[] {
  const payload = batchFinishedPayloadSchema.safeParse(event.payload);
  const owner = facts.owners.get(event.userId);
  if (!payload.success || !owner) {
    log.warn({ event: "notify.unusable_event", eventId: event.id, owner: Boolean(owner) }, "event cannot be notified; skipped");
    return [];
  }
  // Options were validated at upload; a batch deleted since falls back to the defaults.
  const options = batchOptionsSchema.safeParse((event.batchId && facts.batchOptions.get(event.batchId)) || {});
  const contract = options.success ? options.data.notifications.email : undefined;
  const extraRecipient = options.success ? options.data.context.email : undefined;
  const outcome = payload.data.outcome;
  const category = categoryForOutcome(outcome);

  const decide = (channel: DeliveryChannel, recipient: string, preferences: NotificationPreferences, batchContract?: BatchContract): DeliveryDraft => {
    const decision = evaluateNotification({
      category,
      channel,
      outcome,
      now,
      preferences,
      // Suppression is about an address: it holds back email only.
      suppressed: channel === "email" && facts.suppressed.has(recipient),
      batchContract,
      sentToday: channel === "email" ? (facts.sentToday.get(recipient) ?? 0) : 0,
    });
    const status: DeliveryStatus = decision.action === "send" ? "queued" : decision.action;
    if (channel === "email" && status === "queued") facts.sentToday.set(recipient, (facts.sentToday.get(recipient) ?? 0) + 1);
    return {
      eventId: event.id,
      userId: owner.id,
      channel,
      recipient,
      category,
      status,
      reason: decision.reason,
      deferUntil: decision.action === "deferred" ? decision.deferUntil : null,
      context: { timeZone: preferences.timeZone },
    };
  };

  const drafts = [decide("email", owner.email, owner.preferences, contract)];
  if (extraRecipient && normalizeAddress(extraRecipient) !== owner.email) {
    // Someone the owner named at upload: the owner's contract and time zone, the
    // default categories minus any they unsubscribed from (stored per owner).
    const recipient = normalizeAddress(extraRecipient);
    const draft = decide("email", recipient, recipientPreferences(facts.optOuts, recipient, owner.id, owner.preferences.timeZone), contract);
    // Frozen with the decision: the email links their manage page, not the owner's settings.
    drafts.push({ ...draft, context: { ...draft.context, extraRecipient: true } });
  }
  drafts.push(immediate(decide("in_app", owner.id, owner.preferences), "delivered"));
  const eventType = webhookEventForOutcome(outcome);
  for (const endpoint of owner.endpoints.filter((candidate) => candidate.events.includes(eventType))) {
    drafts.push(immediate(decide("webhook", endpoint.id, owner.preferences), "queued"));
  }
  return drafts;
}

/**
 * The in-app list and webhooks wake nobody: quiet hours, caps and digests are about
 * a person's inbox and do not hold them back. In-app is delivered by being written;
 * a webhook is queued for its own job.
 */
function immediate(draft: DeliveryDraft, status: "delivered" | "queued"): DeliveryDraft {
  if (draft.status === "skipped_preference" || draft.status === "suppressed") return draft;
  return { ...draft, status, reason: "instant", deferUntil: null, ...(status === "delivered" ? { deliveredAt: new Date() } : {}) };
}
