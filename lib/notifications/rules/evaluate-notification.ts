// Decides what happens to one notification for one recipient on one channel. Pure: the
// caller loads the preferences, suppression and today's count, and records the
// decision as a Delivery. The rules apply in a fixed order; the first that decides wins.
import type { BatchOptions } from "../../batches/batch-options";
import type { NotificationCategory, NotificationChannel, NotificationPreferences } from "../preferences/notification-preferences";
import { isWithinQuietHours, quietHoursEnd } from "../preferences/quiet-hours";

/** A finished batch's outcome (a cancelled batch notifies no one). */
export type BatchOutcome = "completed" | "partial" | "failed";

/** The batch's own contract from its upload options (`notifications.email`). */
export type BatchContract = Readonly<BatchOptions["notifications"]["email"]>;

export type NotificationInput = Readonly<{
  category: NotificationCategory;
  channel: NotificationChannel;
  /** For batch categories; without it the category says which outcome it is. */
  outcome?: BatchOutcome;
  now: Date;
  preferences: NotificationPreferences;
  /** The address is suppressed (hard bounce, complaint, global unsubscribe). */
  suppressed: boolean;
  /** Pass it for the deliveries the contract governs; batch categories only. */
  batchContract?: BatchContract;
  /** Notifications already sent to this recipient since the start of their local day. */
  sentToday: number;
}>;

export type Decision =
  | { action: "send"; reason: "transactional" | "instant" | "consent_request" }
  | { action: "suppressed"; reason: "suppressed" }
  | { action: "skipped_preference"; reason: "batch_contract" | "preference_off" }
  | { action: "deferred"; reason: "quiet_hours"; deferUntil: Date }
  | { action: "digested"; reason: "daily_cap" | "digest_mode" };

export type DecisionAction = Decision["action"];
export type DecisionReason = Decision["reason"];

export function categoryForOutcome(outcome: BatchOutcome): "batch_succeeded" | "batch_failed" {
  return outcome === "completed" ? "batch_succeeded" : "batch_failed";
}

/** The contract's vocabulary: `partial` counts as FAILURE. */
function contractOutcome(category: NotificationCategory, outcome: BatchOutcome | undefined): "SUCCESS" | "FAILURE" | null {
  if (outcome !== undefined) return outcome === "completed" ? "SUCCESS" : "FAILURE";
  if (category === "batch_succeeded") return "SUCCESS";
  if (category === "batch_failed") return "FAILURE";
  return null;
}

/**
 * transactional → send; suppressed address → suppressed; consent request → send; batch contract excludes the
 * outcome → skipped; category × channel off → skipped; quiet hours → deferred to their
 * end; daily cap reached → digested; digest mode → digested; else send.
 */
export function evaluateNotification(input: NotificationInput): Decision {
  const { category, channel, preferences, now } = input;
  if (category === "account") return { action: "send", reason: "transactional" };
  if (input.suppressed) return { action: "suppressed", reason: "suppressed" };
  // The one request to an extra recipient: rate limited at upload, governed by nobody's preferences.
  if (category === "recipient_consent") return { action: "send", reason: "consent_request" };

  const outcome = contractOutcome(category, input.outcome);
  if (input.batchContract !== undefined && outcome !== null) {
    const { enabled, on } = input.batchContract;
    if (!enabled || !on.includes(outcome)) return { action: "skipped_preference", reason: "batch_contract" };
  }

  const preference = preferences.categories[category];
  if (!preference.channels[channel]) return { action: "skipped_preference", reason: "preference_off" };

  if (isWithinQuietHours(now, preferences.quietHours, preferences.timeZone)) {
    return { action: "deferred", reason: "quiet_hours", deferUntil: quietHoursEnd(now, preferences.quietHours, preferences.timeZone) };
  }

  if (input.sentToday >= preferences.dailyCap) return { action: "digested", reason: "daily_cap" };
  if ("mode" in preference && preference.mode === "digest") return { action: "digested", reason: "digest_mode" };
  return { action: "send", reason: "instant" };
}
