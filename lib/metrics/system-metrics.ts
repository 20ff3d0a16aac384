// The whole system's numbers, read from PostgreSQL at scrape time: queue depths and
// ages (pgboss.job), files and rows, uploads, deliveries, webhook attempts. Web
// servers and workers are separate processes (and there may be many of each), so a
// counter kept in a worker's memory is invisible to the web server a scraper asks,
// and lost when it restarts. Tables that already record every outcome are the one
// source that any web server can answer for completely.
//
// Counts of finished work are over a sliding window (the last hour) rather than
// counters since the beginning: retention deletes old batches, deliveries and jobs,
// so all-time sums from these tables would go down, which Prometheus reads as a reset.
import { Gauge, Registry } from "prom-client";
import type { Db } from "../db/client";

/** The window of the `…_last_hour` gauges, in SQL. */
const WINDOW = "1 hour";

type QueueRow = { queue: string; state: string; jobs: number; oldest_seconds: number | null };
type CountRow = { label: string; jobs: number };

// pg-boss's job states, as the words these metrics use for them.
const QUEUE_STATE_WORDS: Record<string, string> = { created: "queued", retry: "retry", active: "active" };

export async function collectSystemMetrics(database: Db): Promise<Registry> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });

  const queueJobs = gauge("tidings_queue_jobs", "Jobs waiting (queued, retry) or running (active), per queue.", ["queue", "state"]);
  const queueAge = gauge(
    "tidings_queue_oldest_job_age_seconds",
    "How long the oldest job that could run now has waited, per queue (0 when none waits).",
    ["queue"],
  );
  const deferred = gauge("tidings_queue_deferred_jobs", "Jobs scheduled for later (a retry's backoff, quiet hours), per queue.", ["queue"]);
  const settled = gauge("tidings_queue_jobs_settled_last_hour", "Jobs that completed or failed (no retry left) in the last hour, per queue.", ["queue", "state"]);
  const retried = gauge("tidings_queue_jobs_retried_last_hour", "Jobs that ran again after a failure in the last hour, per queue.", ["queue"]);

  const files = gauge("tidings_files", "Files of batches still kept, by status.", ["status"]);
  const filesFinished = gauge("tidings_files_finished_last_hour", "Files that reached a final status in the last hour.", ["status"]);
  const rows = gauge("tidings_rows_processed_last_hour", "Rows of files that finished in the last hour.");
  const batches = gauge("tidings_batches_created_last_hour", "Batches uploaded in the last hour.");
  const uploadBytes = gauge("tidings_upload_bytes_last_hour", "Bytes of files uploaded in the last hour.");
  const deliveries = gauge(
    "tidings_deliveries_last_hour",
    "Notifications (email, webhook, in-app) whose status changed in the last hour, by channel, status and reason.",
    ["channel", "status", "reason"],
  );
  const webhookAttempts = gauge("tidings_webhook_attempts_last_hour", "Webhook POSTs in the last hour, by outcome.", ["outcome"]);

  // No worker has installed the queue schema yet: no queue numbers, the rest still answers.
  const queueRows = await database.$queryRaw<QueueRow[]>`
    SELECT name AS queue, state::text AS state, count(*)::int AS jobs,
           EXTRACT(EPOCH FROM now() - min(start_after) FILTER (WHERE start_after <= now()))::float8 AS oldest_seconds
    FROM pgboss.job
    WHERE state IN ('created', 'retry', 'active')
    GROUP BY name, state`.catch(() => null);
  if (queueRows) {
    // Every queue shows, at 0 when idle: a series that vanishes reads as "no data", not "empty".
    const queueNames = await database.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pgboss.queue`);
    for (const { name } of queueNames) {
      for (const state of Object.values(QUEUE_STATE_WORDS)) queueJobs.set({ queue: name, state }, 0);
      queueAge.set({ queue: name }, 0);
    }
    const oldest = new Map<string, number>();
    for (const row of queueRows) {
      const word = QUEUE_STATE_WORDS[row.state] ?? row.state;
      queueJobs.inc({ queue: row.queue, state: word }, row.jobs);
      if (row.state !== "active") oldest.set(row.queue, Math.max(oldest.get(row.queue) ?? 0, row.oldest_seconds ?? 0));
    }
    for (const [queue, seconds] of oldest) queueAge.set({ queue }, seconds);
    const [deferredRows, settledRows, retriedRows] = await Promise.all([
      database.$queryRawUnsafe<CountRow[]>(
        `SELECT name AS label, count(*)::int AS jobs FROM pgboss.job WHERE state IN ('created', 'retry') AND start_after > now() GROUP BY name`,
      ),
      database.$queryRawUnsafe<(CountRow & { state: string })[]>(
        `SELECT name AS label, state::text AS state, count(*)::int AS jobs FROM pgboss.job
         WHERE state IN ('completed', 'failed') AND completed_on >= now() - interval '${WINDOW}' GROUP BY name, state`,
      ),
      database.$queryRawUnsafe<CountRow[]>(
        `SELECT name AS label, count(*)::int AS jobs FROM pgboss.job
         WHERE retry_count > 0 AND started_on >= now() - interval '${WINDOW}' GROUP BY name`,
      ),
    ]);
    for (const row of deferredRows) deferred.set({ queue: row.label }, row.jobs);
    for (const row of settledRows) settled.set({ queue: row.label, state: row.state }, row.jobs);
    for (const row of retriedRows) retried.set({ queue: row.label }, row.jobs);
  }

  const [fileRows, finishedRows, uploadRows, deliveryRows, webhookRows] = await Promise.all([
    database.$queryRawUnsafe<CountRow[]>(`SELECT status::text AS label, count(*)::int AS jobs FROM "Job" GROUP BY status`),
    database.$queryRawUnsafe<(CountRow & { rows: number })[]>(
      `SELECT status::text AS label, count(*)::int AS jobs, COALESCE(sum("rowsProcessed"), 0)::float8 AS rows
       FROM "Job" WHERE "finishedAt" >= now() - interval '${WINDOW}' GROUP BY status`,
    ),
    database.$queryRawUnsafe<{ batches: number; bytes: number }[]>(
      `SELECT count(*)::int AS batches, COALESCE(sum("totalBytes"), 0)::float8 AS bytes FROM "Batch" WHERE "createdAt" >= now() - interval '${WINDOW}'`,
    ),
    database.$queryRawUnsafe<{ channel: string; status: string; reason: string; count: number }[]>(
      `SELECT channel::text AS channel, status::text AS status, COALESCE(reason, 'none') AS reason, count(*)::int AS count
       FROM "Delivery" WHERE "updatedAt" >= now() - interval '${WINDOW}' GROUP BY 1, 2, 3`,
    ),
    database.$queryRawUnsafe<CountRow[]>(
      `SELECT CASE WHEN "responseStatus" BETWEEN 200 AND 299 THEN 'success'
                   WHEN "responseStatus" IS NULL THEN 'no_response'
                   ELSE 'http_' || ("responseStatus" / 100)::text || 'xx' END AS label,
              count(*)::int AS jobs
       FROM "WebhookAttempt" WHERE "attemptedAt" >= now() - interval '${WINDOW}' GROUP BY 1`,
    ),
  ]);
  for (const row of fileRows) files.set({ status: row.label }, row.jobs);
  let rowsFinished = 0;
  for (const row of finishedRows) {
    filesFinished.set({ status: row.label }, row.jobs);
    rowsFinished += row.rows;
  }
  rows.set(rowsFinished);
  batches.set(uploadRows[0]?.batches ?? 0);
  uploadBytes.set(uploadRows[0]?.bytes ?? 0);
  for (const row of deliveryRows) deliveries.set({ channel: row.channel, status: row.status, reason: row.reason }, row.count);
  for (const row of webhookRows) webhookAttempts.set({ outcome: row.label }, row.jobs);
  return registry;
}
