// Creates every queue of the registry (and its dead-letter queue); the worker then
// sets the schedules and starts working them.
import type { Job, JobResult, PgBoss } from "pg-boss";
import type { z } from "zod";
import { handleDeadLetters } from "../admin/handle-dead-letters";
import { log } from "../log";
import { deadLetterQueueName, type QueueDefinition } from "./define-queue";
import { queueRegistry, type QueueName } from "./registry";

async function createQueue(boss: PgBoss, name: string, definition: QueueDefinition<z.ZodType>): Promise<void> {
  const options = { ...definition.options };
  if (definition.deadLetter) {
    const deadLetter = deadLetterQueueName(name);
    // Dead-letter jobs are handled (completed) the moment they arrive, so it is
    // deleteAfterSeconds that keeps them 30 days for the admin page and Replay.
    const deadLetterOptions = { retentionSeconds: 30 * 24 * 3600, deleteAfterSeconds: 30 * 24 * 3600 };
    await boss.createQueue(deadLetter, deadLetterOptions);
    await boss.updateQueue(deadLetter, deadLetterOptions);
    Object.assign(options, { deadLetter });
  }
  // createQueue leaves an existing queue alone; updateQueue brings its options up to date.
  await boss.createQueue(name, options);
  await boss.updateQueue(name, options);
}

/** Makes sure every queue exists with its current options. Safe to run from every process. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, definition] of Object.entries(queueRegistry)) {
    await createQueue(boss, name, definition as QueueDefinition<z.ZodType>);
  }
}

async function workQueue(boss: PgBoss, name: string, definition: QueueDefinition<z.ZodType>): Promise<void> {
  if (definition.schedule) {
    await boss.schedule(name, definition.schedule.cron, definition.schedule.payload as object, { tz: "UTC" });
  }

  // A fetch brings up to batchSize jobs; each settles on its own (perJobResults), so
  // one failing email does not retry the others fetched with it. While fetches come
  // back full the worker fetches again at once instead of waiting for the next poll.
  const options = { ...definition.work, perJobResults: true as const, burstWhenBatchFull: true };
  await boss.work(name, options, (jobs) => runJobs(boss, name, definition, jobs, definition.handler));
  if (definition.deadLetter) {
    const deadLetter = deadLetterQueueName(name);
    const onDeadLetter = definition.onDeadLetter ?? (async () => {});
    // Every dead-letter queue is worked, with or without onDeadLetter: each job is
    // recorded and the admins alerted first (lib/admin), so a failure is reported even
    // when onDeadLetter itself keeps failing.
    await boss.work(deadLetter, { ...options, includeMetadata: true as const }, async (jobs) => {
      await handleDeadLetters(name, jobs, { log: log.child({ queue: deadLetter }) });
      return runJobs(boss, deadLetter, definition, jobs, onDeadLetter);
    });
  }
}

/** Runs the fetched jobs side by side and reports each one's outcome to pg-boss. */
async function runJobs(
  boss: PgBoss,
  name: string,
  definition: QueueDefinition<z.ZodType>,
  jobs: Job<unknown>[],
  handler: QueueDefinition<z.ZodType>["handler"],
): Promise<JobResult[]> {
  const batchLog = log.child({ queue: name });
  if (definition.handleBatch && jobs.length > 1 && handler === definition.handler) {
    const payloads = jobs.map((job) => definition.payload.safeParse(job.data));
    if (payloads.every((payload) => payload.success)) {
      try {
        const batch = jobs.map((job, index) => ({ payload: payloads[index]!.data, jobId: job.id, isLastAttempt: isLastAttempt(definition, job) }));
        // The jobs share one signal: the first job's (they were fetched together).
        const outcomes = (await definition.handleBatch(batch, { log: batchLog, boss, signal: jobs[0]!.signal })) ?? [];
        return jobs.map((job, index): JobResult => {
          const failure = outcomes[index];
          if (!failure) return { id: job.id, status: "completed" };
          batchLog.warn({ event: "job.failed", jobId: job.id, err: failure, retryCount: job.retryCount }, "job failed");
          return { id: job.id, status: "failed", output: { message: failure.message } };
        });
      } catch (error) {
        batchLog.warn({ event: "job.batch_failed", err: error, jobs: jobs.length }, "batch failed; running its jobs one by one");
      }
    }
  }
  return Promise.all(
    jobs.map(async (job): Promise<JobResult> => {
      const jobLog = log.child({ queue: name, jobId: job.id });
      const payload = definition.payload.safeParse(job.data);
      if (!payload.success) {
        // A payload that does not parse is a bug in whoever sent it: no retry can fix
        // it, so it goes straight to the dead-letter queue, with the issues in the log.
        jobLog.error({ event: "job.invalid_payload", issues: payload.error.issues }, "job payload rejected");
        return { id: job.id, status: "deadletter", output: { message: `invalid payload for ${name}` } };
      }
      const lastAttempt = isLastAttempt(definition, job);
      try {
        await handler(payload.data, { jobId: job.id, signal: job.signal, retryCount: job.retryCount, isLastAttempt: lastAttempt, log: jobLog, boss });
        return { id: job.id, status: "completed" };
      } catch (error) {
        jobLog.error({ event: "job.failed", err: error, retryCount: job.retryCount, willRetry: !lastAttempt }, "job failed");
        return { id: job.id, status: "failed", output: { message: error instanceof Error ? error.message : String(error) } };
      }
    }),
  );
}

function isLastAttempt(definition: QueueDefinition<z.ZodType>, job: Job<unknown>): boolean {
  return job.retryCount >= (definition.options.retryLimit ?? 2);
}

/** Creates, schedules and works every queue. Called by the worker process. */
export async function registerQueues(boss: PgBoss): Promise<QueueName[]> {
  await ensureQueues(boss);
  const names = Object.keys(queueRegistry) as QueueName[];
  for (const name of names) {
    await workQueue(boss, name, queueRegistry[name] as QueueDefinition<z.ZodType>);
  }
  return names;
}
