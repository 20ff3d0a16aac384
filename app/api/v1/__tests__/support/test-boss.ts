// A pg-boss instance of the test's own, started with every queue, standing in for
// webBoss() (which test files mock to return it). Also: what is queued for a file.
import { PgBoss } from "pg-boss";
import { db } from "@/lib/db/client";
import { databaseUrl } from "@/lib/env";
import { ensureQueues } from "@/lib/queue/register-queues";

export async function startTestBoss(): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl(), supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

/** The file ids among `jobIds` with processing work waiting in pg-boss. */
export async function queuedWork(jobIds: string[]): Promise<string[]> {
  const rows = await db().$queryRaw<{ job_id: string }[]>`
    SELECT data->>'jobId' AS job_id FROM pgboss.job
    WHERE name = 'batch.process-file' AND data->>'jobId' = ANY(${jobIds}) AND state = 'created'`;
  return rows.map((row) => row.job_id).sort();
}
