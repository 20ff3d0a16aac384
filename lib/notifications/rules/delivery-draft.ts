// What the notify job works with: the outbox event as stored, the facts it loaded
// about owners and addresses, and the Delivery rows it is about to write. Each event
// type plans its drafts from these (lib/notifications/events/); the helpers below are
// the rules they share.
import type { DeliveryChannel, DeliveryStatus } from "../../db/generated/client";
import type { ConsentSkipReason, ConsentStatus } from "../../recipient-consent/consent-rules";
import type { NotificationCategory, NotificationPreferences } from "../preferences/notification-preferences";
import { evaluateNotification, type BatchContract, type BatchOutcome } from "./evaluate-notification";

export type EventRow = { id: string; type: string; userId: string; batchId: string | null; payload: unknown };

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

export type Owner = { id: string; email: string; preferences: NotificationPreferences; endpoints: { id: string; events: string[] }[] };

/** What the rules need to know about the owners, batches and addresses of a group of events. */
export type Facts = {
  owners: Map<string, Owner>;
  batchOptions: Map<string, unknown>;
  optOuts: Set<string>;
  suppressed: Set<string>;
  /** Extra recipients' answers to each owner, by consentKey(owner, address); absent = never asked. */
  recipientConsents: Map<string, ConsentStatus>;
  /** Emails counted towards each address's cap today, updated as this group decides. */
  sentToday: Map<string, number>;
};

export type Rule = {
  category: NotificationCategory;
  preferences: NotificationPreferences;
  /** Whether an email of this rule counts towards (and is held back by) the daily cap. */
  countsCap: boolean;
  outcome?: BatchOutcome;
  batchContract?: BatchContract;
};

/** Decides one channel × recipient of an event by `rule`, and counts an email that goes out towards today's cap. */
export function decideDelivery(event: EventRow, owner: Owner, facts: Facts, now: Date, rule: Rule) {
  return (channel: DeliveryChannel, recipient: string): DeliveryDraft => {
    const email = channel === "email";
    const decision = evaluateNotification({
      category: rule.category,
      channel,
      outcome: rule.outcome,
      now,
      preferences: rule.preferences,
      // Suppression is about an address: it holds back email only.
      suppressed: email && facts.suppressed.has(recipient),
      batchContract: rule.batchContract,
      sentToday: email && rule.countsCap ? (facts.sentToday.get(recipient) ?? 0) : 0,
    });
    const status: DeliveryStatus = decision.action === "send" ? "queued" : decision.action;
    // It is an email today all the same: later emails count it towards the cap.
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

/**
 * The in-app list and webhooks wake nobody: quiet hours, caps and digests are about
 * a person's inbox and do not hold them back. In-app is delivered by being written;
 * a webhook is queued for its own job.
 */
export function immediate(draft: DeliveryDraft, status: "delivered" | "queued"): DeliveryDraft {
  if (draft.status === "skipped_preference" || draft.status === "suppressed") return draft;
  return { ...draft, status, reason: "instant", deferUntil: null, ...(status === "delivered" ? { deliveredAt: new Date() } : {}) };
}

/**
 * An extra recipient's email held back because they have not accepted the owner's
 * emails (or refused them): recorded for the owner's delivery log, never sent, not
 * counted towards anyone's cap.
 */
export function heldForConsent(event: EventRow, owner: Owner, recipient: string, category: NotificationCategory, reason: ConsentSkipReason): DeliveryDraft {
  return {
    eventId: event.id,
    userId: owner.id,
    channel: "email",
    recipient,
    category,
    status: "skipped_preference",
    reason,
    deferUntil: null,
    context: { timeZone: owner.preferences.timeZone, extraRecipient: true },
  };
}

/** The owner's email and in-app list, by `rule`. */
export function planForOwner(event: EventRow, owner: Owner, facts: Facts, now: Date, rule: Rule): DeliveryDraft[] {
  const decide = decideDelivery(event, owner, facts, now, rule);
  return [decide("email", owner.email), immediate(decide("in_app", owner.id), "delivered")];
}
