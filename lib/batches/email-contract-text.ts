// How a batch's email contract reads to a person: on the batch page ("Email: only on
// failure (your default)") and in the choices of the upload form and preferences.
import type { UploadNotifyOn } from "../notifications/preferences/notification-preferences";
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
