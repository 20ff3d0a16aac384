// The `notification.notify` job: turns outbox events into Delivery rows — one per
// channel × recipient, each with the decision evaluateNotification() made — and
// queues a send job for each email that goes out, in one transaction with marking
// the events processed. Running it again for an event does nothing. Who hears of
// an event is its type's `plan` (lib/notifications/events/).
//
// Events are decided in groups (a worker fetches up to 50 at a time): the rows they
// need are read with one query per table instead of one per event, which is what
// keeps the pipeline at hundreds of emails a second.
import { fromPrisma, type PgBoss } from "pg-boss";
import { batchOptionsSchema } from "../../batches/batch-options";
import { db, type Tx } from "../../db/client";
import type { DeliveryChannel, DeliveryStatus } from "../../db/generated/client";
import type { Logger } from "../../log";
import { enqueueMany } from "../../queue/enqueue";
import { normalizeAddress } from "../deliveries/suppression";
import { consentKey } from "../../recipient-consent/consent-rules";
import { readEvent } from "../events";
import { parseStoredPreferences } from "../preferences/preference-store";
import { optOutKey } from "../preferences/recipient-preferences";
import { startOfLocalDay } from "../preferences/zoned-time";
import { COUNTS_TOWARDS_CAP } from "../deliveries/count-emails-today";
import type { DeliveryDraft, EventRow, Facts } from "./delivery-draft";

/** Statuses that count towards the daily cap: emails that went, or are about to. */

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
      const read = readEvent(event, log);
      if (!read) continue;
      if (!facts.owners.has(event.userId)) {
        log.warn({ event: "notify.unusable_event", eventId: event.id, type: event.type, owner: false }, "event's owner is gone; skipped");
        continue;
      }
      drafts.push(...read.kind.plan(event, read.payload, facts, now, log));
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
    const read = readEvent(event);
    const extra = read ? (read.kind.extraAddresses?.(read.payload) ?? []) : [];
    for (const address of extra) addresses.add(normalizeAddress(address));
  }
  const emails = [...addresses];
  const [optOutRows, suppressionRows, consentRows] = await Promise.all([
    tx.recipientOptOut.findMany({ where: { email: { in: emails }, ownerUserId: { in: ownerIds } } }),
    tx.suppression.findMany({ where: { email: { in: emails } }, select: { email: true } }),
    // Whether each extra recipient accepted its owner's emails: read at decision time, so an answer applies to the very next batch.
    tx.recipientConsent.findMany({ where: { email: { in: emails }, ownerUserId: { in: ownerIds } }, select: { email: true, ownerUserId: true, status: true } }),
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
    recipientConsents: new Map(consentRows.map((row) => [consentKey(row.ownerUserId, row.email), row.status])),
    sentToday: new Map(counts.map((row) => [row.recipient, Number(row.count)])),
  };
}

/** An owner's own zone; an extra recipient's emails use the zone of (the first) owner who named them. */
function timeZoneFor(email: string, owners: Facts["owners"]): string {
  for (const owner of owners.values()) if (owner.email === email) return owner.preferences.timeZone;
  return owners.values().next().value?.preferences.timeZone ?? "UTC";
}
