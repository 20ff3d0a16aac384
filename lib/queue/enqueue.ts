// Sends a job with a payload checked against its queue's schema. Pass `db` (e.g.
// `fromPrisma(tx)`) to commit the job together with the rows that caused it.
import type { PgBoss, SendOptions } from "pg-boss";
import { queueRegistry, type QueueName, type QueuePayload } from "./registry";

export async function enqueue<Name extends QueueName>(
  boss: PgBoss,
  name: Name,
  payload: QueuePayload<Name>,
  options: SendOptions = {},
): Promise<string | null> {
  const data = queueRegistry[name].payload.parse(payload) as object;
  return boss.send(name, data, options);
}
