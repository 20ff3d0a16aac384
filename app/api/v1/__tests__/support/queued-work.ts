// What is queued for a file, as pg-boss stores it.
import { db } from "@/lib/db/client";

/** The file ids among `fileIds` with processing work waiting in pg-boss. */
export async function queuedWork(fileIds: string[]): Promise<string[]> {
  const rows = await db().$queryRaw<{ job_id: string }[]>`
    SELECT data->>'fileId' AS job_id FROM pgboss.job
    WHERE name = 'batch.process-file' AND data->>'fileId' = ANY(${fileIds}) AND state = 'created'`;
  return rows.map((row) => row.job_id).sort();
}
