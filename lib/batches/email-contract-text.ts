// How a batch's email contract reads to a person: on the batch page ("Email: only on
// failure (your default)") and in the choices of the upload form and preferences.
import type { DigestSchedule, NotificationPreferences, UploadNotifyOn } from "../notifications/preferences/notification-preferences";
import type { EmailContract, NotificationsSource } from "./batch-options";

/** What each upload default means, as the choices read. */
export const notifyOnLabels: Record<UploadNotifyOn, string> = {
  both: "on success and failure",
  success: "only on success",
  failure: "only on failure",
  none: "never",
};

/** The notify-on choice a contract amounts to (an enabled contract with no outcomes sends nothing). */
export function notifyOnOf(contract: EmailContract): UploadNotifyOn {
  const success = contract.enabled && contract.on.includes("SUCCESS");
  const failure = contract.enabled && contract.on.includes("FAILURE");
  return success && failure ? "both" : success ? "success" : failure ? "failure" : "none";
}

/** "Email: on success and failure (your default)" / "Email: never (set for this upload)". */
export function describeEmailContract(contract: EmailContract, source: NotificationsSource): string {
  return `Email: ${notifyOnLabels[notifyOnOf(contract)]} (${source === "default" ? "your default" : "set for this upload"})`;
}

/** How one outcome's email would go out under the person's preferences today. */
export type EmailRoute = "instant" | "digest" | "off";

function routeOf(preferences: NotificationPreferences, category: "batch_succeeded" | "batch_failed", capReached: boolean): EmailRoute {
  const preference = preferences.categories[category];
  if (!preference.channels.email) return "off";
  return preference.mode === "digest" || capReached ? "digest" : "instant";
}

function digestName(schedule: DigestSchedule): string {
  if (schedule.frequency === "hourly") return "in your hourly digest";
  const hour = `${String(schedule.hour).padStart(2, "0")}:00`;
  return schedule.frequency === "daily" ? `in your daily digest (${hour})` : `in your weekly digest`;
}

/**
 * What will actually happen to the batch's email, in words: the contract's outcomes read
 * through the person's preferences — an outcome whose email is turned off is not sent, one
 * in digest mode or past today's cap waits for the digest, and quiet hours hold an instant
 * email until they end.
 * "Email: on success and failure (your default)" / "Email: on success and failure, in your
 * daily digest (08:00) (your default)" / "Email: only on success, right away; failure emails
 * are turned off in your notification settings (set for this upload)".
 */
export function describeEmailDelivery(
  contract: EmailContract,
  source: NotificationsSource,
  preferences: NotificationPreferences,
  /** Emails already sent today (the owner's day): at the cap, instant emails go into the digest too. */
  sentToday = 0,
): string {
  const who = source === "default" ? "your default" : "set for this upload";
  const wanted = notifyOnOf(contract);
  if (wanted === "none") return `Email: never (${who})`;
  const outcomes = (
    [
      { name: "success", category: "batch_succeeded", wanted: wanted !== "failure" },
      { name: "failure", category: "batch_failed", wanted: wanted !== "success" },
    ] as const
  )
    .filter((outcome) => outcome.wanted)
    .map((outcome) => ({ ...outcome, route: routeOf(preferences, outcome.category, sentToday >= preferences.dailyCap) }));

  const sent = outcomes.filter((outcome) => outcome.route !== "off");
  const off = outcomes.filter((outcome) => outcome.route === "off");
  const offNote = off.length > 0 ? `${off.map((outcome) => outcome.name).join(" and ")} emails are turned off in your notification settings` : "";
  if (sent.length === 0) return `Email: none — ${offNote} (${who})`;

  const when = (route: EmailRoute) => (route === "digest" ? digestName(preferences.categories.digest.schedule) : "right away");
  const quiet = preferences.quietHours && sent.some((outcome) => outcome.route === "instant") ? `, held during your quiet hours (${preferences.quietHours.start}–${preferences.quietHours.end})` : "";
  const allInstant = sent.every((outcome) => outcome.route === "instant");
  const sameRoute = sent.every((outcome) => outcome.route === sent[0]?.route);

  const [first] = sent;
  let text: string;
  if (!first) text = "";
  else if (sent.length === 2 && sameRoute) text = `on success and failure${allInstant ? "" : `, ${when(first.route)}`}`;
  else if (sent.length === 2) text = sent.map((outcome) => `on ${outcome.name} ${when(outcome.route)}`).join(", ");
  else text = `only on ${first.name}${allInstant && off.length === 0 ? "" : `, ${when(first.route)}`}`;
  return `Email: ${text}${quiet}${offNote ? `; ${offNote}` : ""} (${who})`;
}
