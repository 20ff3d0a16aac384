// Sends the admins an alert about jobs that failed for good, if the throttle allows
// one now. Never throws: an alert that cannot be sent is logged, and its failures wait
// for the next try (the minute-by-minute flush), so a broken mail setup can neither
// crash a worker nor feed failures back into the queues.
import { sendEmail } from "../email/send-email";
import type { EmailTransport } from "../email/transports/types";
import { env } from "../env";
import { log as rootLog, type Logger } from "../log";
import { claimAdminAlert, markAdminAlertFailed, markAdminAlertSent } from "./claim-admin-alert";
import { composeAdminAlert } from "./compose-admin-alert";

export type SendAdminAlertOptions = {
  adminEmails?: readonly string[];
  appUrl?: string;
  /** Tests pass their own; otherwise the process' transport. */
  transport?: EmailTransport;
  now?: Date;
  log?: Logger;
};

export type SendAdminAlertOutcome =
  | { status: "sent"; alertId: string; failures: number }
  | { status: "failed"; alertId: string; failures: number }
  | { status: "held"; reason: "nothing_pending" | "sending_elsewhere" | "throttled" | "backing_off" }
  | { status: "no_admins" }
  | { status: "error" };

export async function sendAdminAlert(options: SendAdminAlertOptions = {}): Promise<SendAdminAlertOutcome> {
  const log = options.log ?? rootLog;
  try {
    const adminEmails = options.adminEmails ?? env().ADMIN_EMAILS;
    // Failures stay recorded (and logged where they arrived); nobody is there to tell.
    if (adminEmails.length === 0) return { status: "no_admins" };
    const now = options.now ?? new Date();
    const claim = await claimAdminAlert(now);
    if ("held" in claim) return { status: "held", reason: claim.held };

    const alert = claim.claimed;
    try {
      const { subject, react } = composeAdminAlert(alert, options.appUrl ?? env().APP_URL);
      await sendEmail(
        { to: [...adminEmails], subject, react, idempotencyKey: `admin-alert:${alert.id}`, tags: [{ name: "category", value: "admin_alert" }] },
        options.transport,
      );
    } catch (error) {
      log.error({ event: "admin.alert_failed", alertId: alert.id, failures: alert.failureCount, err: error }, "admin alert not sent; the next try folds its failures in");
      await markAdminAlertFailed(alert.id, error instanceof Error ? error.message : String(error), now);
      return { status: "failed", alertId: alert.id, failures: alert.failureCount };
    }
    await markAdminAlertSent(alert.id, now);
    log.info({ event: "admin.alert_sent", alertId: alert.id, failures: alert.failureCount, admins: adminEmails.length }, "admin alert sent");
    return { status: "sent", alertId: alert.id, failures: alert.failureCount };
  } catch (error) {
    // The database itself failing: the failures are safe in their table (or will be
    // recorded again with their dead-letter job's retry); the flush tries again.
    log.error({ event: "admin.alert_error", err: error }, "admin alert could not be prepared");
    return { status: "error" };
  }
}
