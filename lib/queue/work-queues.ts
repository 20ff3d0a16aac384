// Works every queue of the contracts with the handlers the worker wires to them
// (worker/queue-handlers.ts): schedules, fetches, runs, settles each job on its own,
// and handles what reaches a dead-letter queue. Only the worker process loads this.
import type { Job, JobResult, PgBoss } from "pg-boss";
import { handleDeadLetters } from "../admin/handle-dead-letters";
import { log } from "../log";
import { ensureQueues } from "./ensure-queues";
import { deadLetterQueueName, parseJobPayload, type QueueContract, type QueueHandlers } from "./queue-contract";
import { queueContracts, queueNames, type QueueJobPayload, type QueueName } from "./queue-contracts";

/** The worker's half of every queue; the compiler checks that none is missing. */
export type QueueHandlerMap = { [Name in QueueName]: QueueHandlers<QueueJobPayload<Name>> };

type AnyHandlers = QueueHandlers<unknown>;

async function workQueue(boss: PgBoss, name: string, definition: QueueContract, handlers: AnyHandlers): Promise<void> {
  if (definition.schedule) {
    await boss.schedule(name, definition.schedule.cron, definition.schedule.payload as object, { tz: "UTC" });
  }

  // A fetch brings up to batchSize jobs; each settles on its own (perJobResults), so
  // one failing email does not retry the others fetched with it. While fetches come
  // back full the worker fetches again at once instead of waiting for the next poll.
  const options = { ...definition.work, perJobResults: true as const, burstWhenBatchFull: true };
  await boss.work(name, options, (jobs) => runJobs(boss, name, definition, jobs, handlers.work, handlers.workMany));
  if (definition.deadLetter) {
    const deadLetter = deadLetterQueueName(name);
    const onDeadLetter = handlers.onDeadLetter ?? (async () => {});
    // Every dead-letter queue is worked, with or without onDeadLetter: each job is
    // recorded and the admins alerted first (lib/admin), so a failure is reported even
    // when onDeadLetter itself keeps failing.
    await boss.work(deadLetter, { ...options, includeMetadata: true as const }, async (jobs) => {
      await handleDeadLetters(name, jobs, { log: log.child({ queue: deadLetter }) });
      // The handler hears which job of the original queue failed (sourceId), so it can
      // tell a job that still owns its work from one a newer job has replaced.
      const failedJobIds = new Map(jobs.map((job) => [job.id, job.sourceId ?? job.id]));
      return runJobs(boss, deadLetter, definition, jobs, (payload, context) =>
        onDeadLetter(payload, { ...context, failedJobId: failedJobIds.get(context.jobId) ?? context.jobId }),
      );
    });
  }
}

/** Runs the fetched jobs side by side and reports each one's outcome to pg-boss. */
async function runJobs(
  boss: PgBoss,
  name: string,
  definition: QueueContract,
  jobs: Job<unknown>[],
  work: AnyHandlers["work"],
  workMany?: AnyHandlers["workMany"],
): Promise<JobResult[]> {
  const batchLog = log.child({ queue: name });
  if (workMany && jobs.length > 1) {
    const payloads = jobs.map((job) => parseJobPayload(definition, job.data));
    if (payloads.every((payload) => payload.success)) {
      try {
        const batch = jobs.map((job, index) => ({ payload: payloads[index]!.data, jobId: job.id, isLastAttempt: isLastAttempt(definition, job) }));
        // The jobs share one signal: the first job's (they were fetched together).
        const outcomes = (await workMany(batch, { log: batchLog, boss, signal: jobs[0]!.signal })) ?? [];
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
      const payload = parseJobPayload(definition, job.data);
      if (!payload.success) {
        // A payload that does not parse is a bug in whoever sent it: no retry can fix
        // it, so it goes straight to the dead-letter queue, with the issues in the log.
        jobLog.error({ event: "job.invalid_payload", issues: payload.error.issues }, "job payload rejected");
        return { id: job.id, status: "deadletter", output: { message: `invalid payload for ${name}` } };
      }
      const lastAttempt = isLastAttempt(definition, job);
      try {
        await work(payload.data, { jobId: job.id, signal: job.signal, retryCount: job.retryCount, isLastAttempt: lastAttempt, log: jobLog, boss });
        return { id: job.id, status: "completed" };
      } catch (error) {
        jobLog.error({ event: "job.failed", err: error, retryCount: job.retryCount, willRetry: !lastAttempt }, "job failed");
        return { id: job.id, status: "failed", output: { message: error instanceof Error ? error.message : String(error) } };
      }
    }),
  );
}

function isLastAttempt(definition: QueueContract, job: Job<unknown>): boolean {
  return job.retryCount >= (definition.options.retryLimit ?? 2);
}

/** Creates, schedules and works every queue. Called by the worker process. */
export async function workQueues(boss: PgBoss, handlers: QueueHandlerMap): Promise<QueueName[]> {
  await ensureQueues(boss);
  for (const name of queueNames) {
    await workQueue(boss, name, queueContracts[name] as QueueContract, handlers[name] as AnyHandlers);
  }
  return queueNames;
}
