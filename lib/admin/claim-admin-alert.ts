// The throttle of admin alerts, shared by every worker through Postgres: under one
// advisory lock, an alert claims every failure no sent alert has reported yet — or
// is held back because one went out less than 5 minutes ago (the scheduled flush
// sends it later, with everything that piled up meanwhile folded in).
import { db } from "../db/client";

/** At most one alert email per this long. */
export const ALERT_INTERVAL_MS = 5 * 60_000;
// A claimed alert not marked sent or failed within this long is taken to be lost (its
// process died mid-send); its failures go to the next alert.
const SEND_TIMEOUT_MS = 2 * 60_000;
// After a failed send, leave the retry to the minute-by-minute flush instead of
// trying again on every new failure.
const RETRY_AFTER_FAILURE_MS = 60_000;
const LATEST_SHOWN = 5;

export type AlertedFailure = { queue: string; jobId: string; error: string; attempts: number; failedAt: Date };

export type ClaimedAlert = {
  id: string;
  claimedAt: Date;
  failureCount: number;
  /** When the oldest failure it reports happened. */
  since: Date;
  /** Failures per queue, most first. */
  byQueue: { queue: string; count: number }[];
  /** The newest few failures, newest first. */
  latest: AlertedFailure[];
};

export type ClaimOutcome =
  | { claimed: ClaimedAlert }
  | { held: "nothing_pending" | "sending_elsewhere" | "throttled" | "backing_off" };

// Failures no sent alert has reported: never claimed, or claimed by an alert that
// failed or was lost.
const unreported = { OR: [{ alertId: null }, { alert: { sentAt: null } }] };

export async function claimAdminAlert(now: Date = new Date()): Promise<ClaimOutcome> {
  return db().$transaction(async (tx) => {
    // One claimer at a time across every process; the others wait, then see its alert.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tidings:admin-alert'))`;
    const latest = await tx.adminAlert.findFirst({ orderBy: { claimedAt: "desc" } });
    if (latest && !latest.sentAt && !latest.failedAt && now.getTime() - latest.claimedAt.getTime() < SEND_TIMEOUT_MS) {
      return { held: "sending_elsewhere" };
    }
    if (latest?.failedAt && now.getTime() - latest.failedAt.getTime() < RETRY_AFTER_FAILURE_MS) return { held: "backing_off" };
    const lastSent = await tx.adminAlert.findFirst({ where: { sentAt: { not: null } }, orderBy: { claimedAt: "desc" } });
    if (lastSent && now.getTime() - lastSent.claimedAt.getTime() < ALERT_INTERVAL_MS) return { held: "throttled" };
    if ((await tx.queueFailure.count({ where: unreported })) === 0) return { held: "nothing_pending" };

    const alert = await tx.adminAlert.create({ data: { claimedAt: now, failureCount: 0 } });
    // Failures recorded since the count above (no lock keeps them out) are included too.
    const { count } = await tx.queueFailure.updateMany({ where: unreported, data: { alertId: alert.id } });
    await tx.adminAlert.update({ where: { id: alert.id }, data: { failureCount: count } });

    const [groups, newest] = await Promise.all([
      tx.queueFailure.groupBy({ by: ["queue"], where: { alertId: alert.id }, _count: { _all: true }, _min: { failedAt: true } }),
      tx.queueFailure.findMany({ where: { alertId: alert.id }, orderBy: [{ failedAt: "desc" }, { id: "desc" }], take: LATEST_SHOWN }),
    ]);
    const byQueue = groups
      .map((group) => ({ queue: group.queue, count: group._count._all }))
      .sort((a, b) => b.count - a.count || a.queue.localeCompare(b.queue));
    const since = new Date(Math.min(...groups.map((group) => group._min.failedAt?.getTime() ?? now.getTime())));
    const latestFailures = newest.map(({ queue, jobId, deadJobId, error, attempts, failedAt }) => ({ queue, jobId: jobId ?? deadJobId, error, attempts, failedAt }));
    return { claimed: { id: alert.id, claimedAt: now, failureCount: count, since, byQueue, latest: latestFailures } };
  });
}

export async function markAdminAlertSent(alertId: string, now: Date = new Date()): Promise<void> {
  await db().adminAlert.update({ where: { id: alertId }, data: { sentAt: now } });
}

/** Its failures stay unreported, so the next alert claims them. */
export async function markAdminAlertFailed(alertId: string, error: string, now: Date = new Date()): Promise<void> {
  await db().adminAlert.update({ where: { id: alertId }, data: { failedAt: now, error: error.slice(0, 2000) } });
}
