// Records jobs that reached a dead-letter queue, for the admin alert to report. Keyed
// by the job's id in the dead-letter queue, so a dead-letter job run twice (a retry,
// a second worker) is recorded once.
import type { JobWithMetadata } from "pg-boss";
import { db } from "../db/client";

export type DeadLetteredJob = Pick<JobWithMetadata<unknown>, "id" | "sourceId" | "sourceOutput" | "sourceRetryCount" | "createdOn">;

const MAX_ERROR_LENGTH = 2000;

/** Answers how many were new. */
export async function recordQueueFailures(queue: string, jobs: readonly DeadLetteredJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const { count } = await db().queueFailure.createMany({
    data: jobs.map((job) => ({
      queue,
      deadJobId: job.id,
      jobId: job.sourceId ?? null,
      error: failureMessage(job.sourceOutput),
      attempts: (job.sourceRetryCount ?? 0) + 1,
      // It arrived in the dead-letter queue the moment it failed for good.
      failedAt: job.createdOn instanceof Date ? job.createdOn : new Date(job.createdOn ?? Date.now()),
    })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * The error pg-boss kept for the last attempt: our workers store `{ message }`; a job
 * whose worker died (expired) carries pg-boss' own words, in whatever shape.
 */
export function failureMessage(output: unknown): string {
  const message = findMessage(output) ?? (output == null ? null : JSON.stringify(output));
  const text = message && message.trim() !== "" && message !== "{}" ? message : "No error was recorded (the worker may have stopped mid-job).";
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

function findMessage(output: unknown): string | null {
  if (typeof output === "string") return output;
  if (!output || typeof output !== "object") return null;
  const record = output as Record<string, unknown>;
  if (typeof record.message === "string") return record.message;
  return record.value === undefined ? null : findMessage(record.value);
}
