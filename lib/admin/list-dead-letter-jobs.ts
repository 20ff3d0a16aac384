// The dead-letter queues' jobs, newest first: what failed for good, with what error.
// Read straight from pg-boss' job table (as lib/health reads its queue table), since
// findJobs() lists one queue at a time, oldest first.
import { db } from "../db/client";
import type { QueueName } from "../queue/queue-contracts";
import { sourceOfDeadLetterQueue } from "./admin-queues";
import { assertAdmin, type AdminCaller } from "./is-admin";
import { failureMessage } from "./record-queue-failures";

export type DeadLetterEntry = {
  /** The queue the job failed in. */
  queue: QueueName;
  /** Its id in the dead-letter queue: what Replay takes. */
  id: string;
  /** The id it had in `queue`. */
  sourceJobId: string | null;
  payload: unknown;
  payloadSummary: string;
  error: string;
  attempts: number;
  failedAt: Date;
  /** pg-boss state in the dead-letter queue: "completed" once the queue's onDeadLetter ran. */
  state: string;
};

export const DEAD_LETTER_PAGE_SIZE = 50;

type Row = {
  id: string;
  name: string;
  data: unknown;
  state: string;
  source_id: string | null;
  source_output: unknown;
  source_retry_count: number | null;
  created_on: Date;
};

/** The newest `limit` jobs of every dead-letter queue; `total` counts them all. */
export async function listDeadLetterJobs(caller: AdminCaller, limit = DEAD_LETTER_PAGE_SIZE): Promise<{ items: DeadLetterEntry[]; total: number }> {
  assertAdmin(caller);
  const names = [...sourceOfDeadLetterQueue.keys()];
  const [rows, [counted]] = await Promise.all([
    db().$queryRaw<Row[]>`
      SELECT id::text AS id, name, data, state::text AS state, source_id::text AS source_id, source_output, source_retry_count, created_on
      FROM pgboss.job
      WHERE name = ANY(${names}::text[])
      ORDER BY created_on DESC, id DESC
      LIMIT ${limit}`,
    db().$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM pgboss.job WHERE name = ANY(${names}::text[])`,
  ]);
  return {
    items: rows.map((row) => ({
      queue: sourceOfDeadLetterQueue.get(row.name)!,
      id: row.id,
      sourceJobId: row.source_id,
      payload: row.data,
      payloadSummary: summarizePayload(row.data),
      error: failureMessage(row.source_output),
      attempts: (row.source_retry_count ?? 0) + 1,
      failedAt: row.created_on,
      state: row.state,
    })),
    total: counted?.total ?? 0,
  };
}

const SUMMARY_LENGTH = 120;

/** `{ deliveryId: "ck…" }` → `deliveryId: ck…`, cut to one short line. */
export function summarizePayload(data: unknown): string {
  const text =
    data && typeof data === "object" && !Array.isArray(data)
      ? Object.entries(data)
          .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
          .join(", ")
      : JSON.stringify(data ?? null);
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text || "—";
}
