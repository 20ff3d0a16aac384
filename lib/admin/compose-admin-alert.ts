// The admin alert email for a claimed alert: subject and React element. Admin alerts
// are transactional (operators cannot unsubscribe from them), so no footer links.
import { createElement, type ReactElement } from "react";
import AdminAlertEmail, { type AdminAlertEmailProps } from "../../emails/admin-alert";
import { plural } from "../../emails/_components/format";
import type { ClaimedAlert } from "./claim-admin-alert";

/** "4 minutes", "3 hours", "2 days": how long the failures of one alert span, rounded up. */
export function describeWindow(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return plural(minutes, "minute");
  const hours = Math.ceil(minutes / 60);
  return hours < 48 ? plural(hours, "hour") : plural(Math.ceil(hours / 24), "day");
}

/**
 * "3 jobs failed for good in the last 5 minutes: 2 × batch.process-file, 1 ×
 * notification.send-email", or for one job "batch.process-file: job failed after 4 attempts".
 */
export function adminAlertSubject(props: Pick<AdminAlertEmailProps, "queue" | "attempts" | "failuresInWindow" | "window" | "queueCounts">): string {
  if (props.failuresInWindow <= 1 || !props.queueCounts?.length) {
    return `${props.queue}: job failed after ${plural(props.attempts, "attempt")}`;
  }
  const counts = props.queueCounts.map(({ queue, count }) => `${count} × ${queue}`).join(", ");
  return `${plural(props.failuresInWindow, "job")} failed for good${props.window ? ` in the last ${props.window}` : ""}: ${counts}`;
}

export function composeAdminAlert(alert: ClaimedAlert, appUrl: string): { subject: string; react: ReactElement } {
  const [newest, ...others] = alert.latest;
  if (!newest) throw new Error(`admin alert ${alert.id} claimed no failures`);
  const props: AdminAlertEmailProps = {
    queue: newest.queue,
    jobId: newest.jobId,
    error: newest.error,
    attempts: newest.attempts,
    failedAt: newest.failedAt,
    // Admins have no stored time zone; UTC matches the logs they will compare with.
    timeZone: "UTC",
    failuresInWindow: alert.failureCount,
    window: describeWindow(alert.claimedAt.getTime() - alert.since.getTime()),
    queueCounts: alert.byQueue,
    otherFailures: others.map(({ queue, jobId, error, failedAt }) => ({ queue, jobId, error, failedAt })),
    adminUrl: `${appUrl}/admin#dead-letters`,
  };
  return { subject: adminAlertSubject(props), react: createElement(AdminAlertEmail, props) };
}
