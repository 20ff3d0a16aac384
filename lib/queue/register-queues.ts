// Creates every queue of the registry (and its dead-letter queue), sets schedules
// and starts working them. Called by the worker process.
import type { PgBoss } from "pg-boss";
import type { z } from "zod";
import { log } from "../log";
import { deadLetterQueueName, type QueueDefinition } from "./define-queue";
import { queueRegistry, type QueueName } from "./registry";

async function registerQueue(boss: PgBoss, name: string, definition: QueueDefinition<z.ZodType>): Promise<void> {
  const options = { ...definition.options };
  if (definition.deadLetter) {
    const deadLetter = deadLetterQueueName(name);
    await boss.createQueue(deadLetter, { retentionSeconds: 30 * 24 * 3600 });
    Object.assign(options, { deadLetter });
  }
  // createQueue leaves an existing queue alone; updateQueue brings its options up to date.
  await boss.createQueue(name, options);
  await boss.updateQueue(name, options);
  if (definition.schedule) {
    await boss.schedule(name, definition.schedule.cron, definition.schedule.payload as object, { tz: "UTC" });
  }

  await boss.work(name, definition.work, async (jobs) => {
    for (const job of jobs) {
      const jobLog = log.child({ queue: name, jobId: job.id });
      const payload = definition.payload.safeParse(job.data);
      if (!payload.success) {
        // A payload that does not parse is a bug in whoever sent it: fail loudly, with
        // the issues in the log; the retries will fail the same way and end dead-lettered.
        jobLog.error({ event: "job.invalid_payload", issues: payload.error.issues }, "job payload rejected");
        throw new Error(`invalid payload for ${name}: ${payload.error.message}`);
      }
      await definition.handler(payload.data, { jobId: job.id, signal: job.signal, retryCount: job.retryCount, log: jobLog });
    }
  });
}

export async function registerQueues(boss: PgBoss): Promise<QueueName[]> {
  const names = Object.keys(queueRegistry) as QueueName[];
  for (const name of names) {
    await registerQueue(boss, name, queueRegistry[name] as QueueDefinition<z.ZodType>);
  }
  return names;
}
