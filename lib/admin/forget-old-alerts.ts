// Failures and alerts are kept as long as the dead-letter queues keep their jobs
// (30 days, lib/queue/ensure-queues.ts), then forgotten — reported or not, so the
// table stays bounded while ADMIN_EMAILS is empty.
import { db } from "../db/client";

export const ALERT_RETENTION_DAYS = 30;

export async function forgetOldAlerts(now: Date = new Date()): Promise<{ failures: number; alerts: number }> {
  const before = new Date(now.getTime() - ALERT_RETENTION_DAYS * 24 * 3600_000);
  const failures = await db().queueFailure.deleteMany({ where: { failedAt: { lt: before } } });
  const alerts = await db().adminAlert.deleteMany({ where: { claimedAt: { lt: before }, failures: { none: {} } } });
  return { failures: failures.count, alerts: alerts.count };
}
