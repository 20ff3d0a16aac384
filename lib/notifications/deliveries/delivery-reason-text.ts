// Why a delivery went the way it did, in words a person reads in the delivery log.
// The one place that turns evaluateNotification()'s reason codes into copy.
import type { DeliveryChannel, DeliveryStatus } from "../../db/generated/client";
import type { ConsentSkipReason } from "../../recipient-consent/consent-rules";
import type { DecisionReason } from "../rules/evaluate-notification";

export type ReasonInput = Readonly<{
  channel: DeliveryChannel;
  status: DeliveryStatus;
  reason: string | null;
  deferUntil: Date | null;
  /** The recipient's time zone, frozen on the delivery; "until …" is their clock. */
  timeZone: string;
}>;

const fixedText: Record<Exclude<DecisionReason, "quiet_hours"> | ConsentSkipReason, string> = {
  instant: "Sent right away",
  transactional: "Account email: always sent",
  batch_contract: "The upload asked for no email for this outcome",
  preference_off: "Turned off in the recipient’s notification settings, or unsubscribed",
  suppressed: "The address is on the suppression list (bounce, complaint or unsubscribe)",
  daily_cap: "Daily limit reached: goes into your next digest",
  digest_mode: "Collected for your digest",
  consent_request: "Asked the address once whether it accepts your batch emails",
  recipient_pending: "Waiting for the recipient to accept your batch emails",
  recipient_refused: "The recipient declined your batch emails",
  recipient_not_asked: "The recipient has not accepted your batch emails: name the address on a new upload to ask",
};

/** Reasons that hold email back; the in-app list is shown at once regardless. */
const HOLDS_EMAIL_ONLY = new Set(["quiet_hours", "daily_cap", "digest_mode"]);

/** The reason in words, or null when there is none (or it is not one we know). */
export function deliveryReasonText(input: ReasonInput): string | null {
  const { reason } = input;
  if (reason === null) return null;
  if (input.channel === "in_app" && input.status === "delivered") {
    if (HOLDS_EMAIL_ONLY.has(reason)) return "Shown in the app at once: quiet hours, limits and digests hold back email only";
    if (reason === "instant") return "Shown in the app right away";
  }
  if (reason === "quiet_hours") {
    return input.deferUntil ? `Held back for quiet hours until ${formatInZone(input.deferUntil, input.timeZone)}` : "Held back for quiet hours";
  }
  return isKnownReason(reason) ? fixedText[reason] : null;
}

function isKnownReason(reason: string): reason is keyof typeof fixedText {
  return Object.hasOwn(fixedText, reason);
}

/** "Mar 4, 7:00 AM UTC"; an unknown zone (bad data) falls back to UTC rather than throwing. */
export function formatInZone(date: Date, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" }).format(date);
  }
}
