// Per queue: what waits and runs now, what finished in the last hour and how much of
// it failed for good. For the admin page.
import { db } from "../db/client";
import { deadLetterQueueName } from "../queue/queue-contract";
import { queueNames, queueContracts, type QueueName } from "../queue/queue-contracts";
import { assertAdmin, type AdminCaller } from "./is-admin";

export type QueueOverview = {
  name: QueueName;
  /** Waiting for a worker (pg-boss "created"), deferred ones included. */
  queued: number;
  active: number;
  /** Failed at least once and waiting for their next attempt. */
  retry: number;
  /** Jobs in the dead-letter queue; null for a queue without one. */
  deadLetter: number | null;
  completedLastHour: number;
  /** Failed for good (every retry used up) in the last hour. */
  failedLastHour: number;
  /** failed ÷ (completed + failed) in the last hour; null when nothing finished. */
  failureRate: number | null;
};

const HOUR_MS = 3600_000;

export async function getQueueOverview(caller: AdminCaller, now: Date = new Date()): Promise<QueueOverview[]> {
  assertAdmin(caller);
  const names = queueNames.flatMap((name) => (queueContracts[name].deadLetter ? [name, deadLetterQueueName(name)] : [name]));
  const since = new Date(now.getTime() - HOUR_MS);
  // pg-boss' job table is partitioned by queue name, so this reads only our queues.
  const rows = await db().$queryRaw<{ name: string; state: string; jobs: number; recent: number }[]>`
    SELECT name, state::text AS state, count(*)::int AS jobs,
           (count(*) FILTER (WHERE completed_on >= ${since}))::int AS recent
    FROM pgboss.job
    WHERE name = ANY(${names}::text[])
    GROUP BY name, state`;
  const count = (name: string, state?: string) =>
    rows.filter((row) => row.name === name && (state === undefined || row.state === state)).reduce((sum, row) => sum + row.jobs, 0);
  const recent = (name: string, state: string) => rows.find((row) => row.name === name && row.state === state)?.recent ?? 0;

  return queueNames.map((name) => {
    const completedLastHour = recent(name, "completed");
    const failedLastHour = recent(name, "failed");
    const finished = completedLastHour + failedLastHour;
    return {
      name,
      queued: count(name, "created"),
      active: count(name, "active"),
      retry: count(name, "retry"),
      deadLetter: queueContracts[name].deadLetter ? count(deadLetterQueueName(name)) : null,
      completedLastHour,
      failedLastHour,
      failureRate: finished === 0 ? null : failedLastHour / finished,
    };
  });
}
