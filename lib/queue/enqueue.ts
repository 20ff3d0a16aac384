// Sends a job with a payload checked against its queue's schema. Pass `db` (e.g.
// `fromPrisma(tx)`) to commit the job together with the rows that caused it.
import type { InsertOptions, PgBoss, SendOptions } from "pg-boss";
import { queueContracts, type QueueName, type QueuePayload } from "./queue-contracts";

export async function enqueue<Name extends QueueName>(
  boss: PgBoss,
  name: Name,
  payload: QueuePayload<Name>,
  options: SendOptions = {},
): Promise<string | null> {
  const data = queueContracts[name].payload.parse(payload) as object;
  return boss.send(name, data, options);
}

/** Many jobs of one queue in one INSERT; each may carry its own startAfter. */
export async function enqueueMany<Name extends QueueName>(
  boss: PgBoss,
  name: Name,
  jobs: { payload: QueuePayload<Name>; startAfter?: Date }[],
  options: InsertOptions = {},
): Promise<void> {
  if (jobs.length === 0) return;
  const schema = queueContracts[name].payload;
  await boss.insert(
    name,
    jobs.map(({ payload, startAfter }) => ({ data: schema.parse(payload) as object, ...(startAfter ? { startAfter } : {}) })),
    options,
  );
}
