// How categories are named to people: on the unsubscribe page, in settings and logs.
import type { NotificationCategory } from "./notification-preferences";

export const categoryLabels: Record<NotificationCategory, string> = {
  batch_succeeded: "batch succeeded",
  batch_failed: "batch failed",
  digest: "digest",
  results_expiring: "results expiring",
  account: "account and sign-in",
  recipient_consent: "request to accept your batch emails",
};
