// Deliveries of the events about a person's own inbox and batches: the digest and the
// results-expiring reminder. Each goes to the owner's email and in-app list — not to
// webhooks (no webhook event type exists for them). An extra recipient named at upload
// hears of neither (they were told about outcomes, not the owner's inbox or
// retention), except for a digest of their own: the emails the daily cap held back
// from them.
import type { DeliveryChannel, DeliveryStatus } from "../../db/generated/client";
import type { Logger } from "../../log";
import { digestPayloadSchema } from "../events/digest";
import { evaluateNotification } from "./evaluate-notification";
import type { NotificationCategory, NotificationPreferences } from "../preferences/notification-preferences";
import type { DeliveryDraft, EventRow, Facts } from "./notify-event";
import { recipientPreferences } from "../preferences/recipient-preferences";
import { resultsExpiringPayloadSchema } from "../events/results-expiring";
import { normalizeAddress } from "../deliveries/suppression";

type Owner = NonNullable<ReturnType<Facts["owners"]["get"]>>;

/**
 * The digest: the emails that digest mode or the daily cap held back. Its email
 * switch is on by default, so nothing the person asked for is lost; turning it off
 * (in settings, or with the digest's own unsubscribe link) is an explicit choice, and
 * the held-back notifications then stay in the delivery log and the bell only. It
 * is the cap's overflow: not counted against the cap nor folded again; quiet hours
 * defer it and suppression holds it back like any other email.
 */
export function planDigest(event: EventRow, facts: Facts, now: Date, log: Logger): DeliveryDraft[] {
  const payload = digestPayloadSchema.safeParse(event.payload);
  const owner = facts.owners.get(event.userId);
  if (!payload.success || !owner || payload.data.batches.length + payload.data.expiring.length === 0) {
    log.warn({ event: "notify.unusable_event", eventId: event.id, type: event.type, owner: Boolean(owner) }, "digest cannot be notified; skipped");
    return [];
  }
  const recipient = payload.data.recipient === undefined ? owner.email : normalizeAddress(payload.data.recipient);
  if (recipient !== owner.email) {
    // Their own digest: by their rules, to their inbox only (the owner's bell showed each batch already).
    const preferences = recipientPreferences(facts.optOuts, recipient, owner.id, owner.preferences.timeZone);
    return [decideFor(event, owner, facts, now, { category: "digest", preferences, countsCap: false })("email", recipient)];
  }
  return planForOwner(event, owner, facts, now, { category: "digest", preferences: owner.preferences, countsCap: false });
}

/** The results-expiring reminder: the owner's email and in-app, by the ordinary rules (cap and digest mode included). */
export function planResultsExpiring(event: EventRow, facts: Facts, now: Date, log: Logger): DeliveryDraft[] {
  const payload = resultsExpiringPayloadSchema.safeParse(event.payload);
  const owner = facts.owners.get(event.userId);
  if (!payload.success || !owner) {
    log.warn({ event: "notify.unusable_event", eventId: event.id, type: event.type, owner: Boolean(owner) }, "reminder cannot be notified; skipped");
    return [];
  }
  return planForOwner(event, owner, facts, now, { category: "results_expiring", preferences: owner.preferences, countsCap: true });
}

type Rule = { category: NotificationCategory; preferences: NotificationPreferences; countsCap: boolean };

function planForOwner(event: EventRow, owner: Owner, facts: Facts, now: Date, rule: Rule): DeliveryDraft[] {
  const decide = decideFor(event, owner, facts, now, rule);
  const inApp = decide("in_app", owner.id);
  // The in-app list wakes nobody: quiet hours, caps and digests hold back email only.
  const shown: DeliveryDraft =
    inApp.status === "skipped_preference" || inApp.status === "suppressed"
      ? inApp
      : { ...inApp, status: "delivered", reason: "instant", deferUntil: null, deliveredAt: new Date() };
  return [decide("email", owner.email), shown];
}

function decideFor(event: EventRow, owner: Owner, facts: Facts, now: Date, rule: Rule) {
  return (channel: DeliveryChannel, recipient: string): DeliveryDraft => {
    const email = channel === "email";
    const decision = evaluateNotification({
      category: rule.category,
      channel,
      now,
      preferences: rule.preferences,
      suppressed: email && facts.suppressed.has(recipient),
      sentToday: email && rule.countsCap ? (facts.sentToday.get(recipient) ?? 0) : 0,
    });
    const status: DeliveryStatus = decision.action === "send" ? "queued" : decision.action;
    // It is an email today all the same: later batch emails count it towards the cap.
    if (email && status === "queued") facts.sentToday.set(recipient, (facts.sentToday.get(recipient) ?? 0) + 1);
    return {
      eventId: event.id,
      userId: owner.id,
      channel,
      recipient,
      category: rule.category,
      status,
      reason: decision.reason,
      deferUntil: decision.action === "deferred" ? decision.deferUntil : null,
      context: { timeZone: rule.preferences.timeZone },
    };
  };
}
