// Which outcomes of a new batch email its uploader: what the upload said (the API's
// `options.notifications.email`, or the dashboard form's choice), else the uploader's
// upload default from their notification preferences.
import type { EmailContract, NotificationsSource } from "../batches/batch-options";
import type { UploadNotifyOn } from "../notifications/preferences/notification-preferences";

/** The batch contract a notify-on choice stands for. */
export function emailContractFor(notifyOn: UploadNotifyOn): EmailContract {
  switch (notifyOn) {
    case "none":
      return { enabled: false, on: ["SUCCESS", "FAILURE"] };
    case "success":
      return { enabled: true, on: ["SUCCESS"] };
    case "failure":
      return { enabled: true, on: ["FAILURE"] };
    case "both":
      return { enabled: true, on: ["SUCCESS", "FAILURE"] };
  }
}

/** Whether raw upload options name `notifications.email` themselves (before defaults fill it in). */
export function namesEmailContract(rawOptions: unknown): boolean {
  if (!isRecord(rawOptions) || !isRecord(rawOptions.notifications)) return false;
  return rawOptions.notifications.email !== undefined;
}

export interface UploadEmailChoice {
  /** The parsed `notifications.email`, when the raw options named it. */
  explicit?: EmailContract;
  /** The dashboard form's choice, when one was made. */
  formChoice?: UploadNotifyOn;
}

/** The upload's own choice wins (explicit options before the form field); otherwise the preference. */
export function resolveEmailContract(choice: UploadEmailChoice, preference: UploadNotifyOn): { email: EmailContract; source: NotificationsSource } {
  if (choice.explicit) return { email: choice.explicit, source: "upload" };
  if (choice.formChoice) return { email: emailContractFor(choice.formChoice), source: "upload" };
  return { email: emailContractFor(preference), source: "default" };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
