// Creates every queue of the contracts (and its dead-letter queue) with its current
// options. Safe to run from every process: the web process does it before its first
// send, the worker before it starts working.
import type { PgBoss } from "pg-boss";
import { deadLetterQueueName, type QueueContract } from "./queue-contract";
import { queueContracts } from "./queue-contracts";

/** Dead-letter jobs are handled (completed) the moment they arrive, so it is deleteAfterSeconds that keeps them 30 days for the admin page and Replay. */
export const DEAD_LETTER_RETENTION_SECONDS = 30 * 24 * 3600;

async function createQueue(boss: PgBoss, name: string, contract: QueueContract): Promise<void> {
  const options = { ...contract.options };
  if (contract.deadLetter) {
    const deadLetter = deadLetterQueueName(name);
    const deadLetterOptions = { retentionSeconds: DEAD_LETTER_RETENTION_SECONDS, deleteAfterSeconds: DEAD_LETTER_RETENTION_SECONDS };
    await boss.createQueue(deadLetter, deadLetterOptions);
    await boss.updateQueue(deadLetter, deadLetterOptions);
    Object.assign(options, { deadLetter });
  }
  // createQueue leaves an existing queue alone; updateQueue brings its options up to date.
  await boss.createQueue(name, options);
  await boss.updateQueue(name, options);
}

/** Makes sure every queue exists with its current options. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, contract] of Object.entries(queueContracts)) {
    await createQueue(boss, name, contract as QueueContract);
  }
}
