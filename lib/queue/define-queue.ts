// The shape of a queue in the registry: name, payload schema, pg-boss options,
// optional schedule and the handler (domain code from lib/).
import type { PgBoss, Queue, WorkOptions } from "pg-boss";
import type { z } from "zod";
import type { Tx } from "../db/client";
import type { Logger } from "../log";

export type JobContext = {
  jobId: string;
  /** Aborted when the job expires or the worker stops: long handlers must check it. */
  signal: AbortSignal;
  retryCount: number;
  /** No retry follows if this attempt fails: record the failure for people to see. */
  isLastAttempt: boolean;
  log: Logger;
  /** For handlers that send or cancel other jobs. */
  boss: PgBoss;
};

/** One job of a fetched batch, as handleBatch sees it. */
export type BatchJob<Payload> = { payload: Payload; jobId: string; isLastAttempt: boolean };

export type QueueDefinition<Schema extends z.ZodType> = {
  payload: Schema;
  options: Omit<Queue, "name" | "deadLetter">;
  /** Failed jobs (after every retry) are copied to `<name>.dead` for inspection and redrive. */
  deadLetter: boolean;
  /**
   * Runs for each job that reached the dead-letter queue, including those whose last
   * attempt never reported back (a worker killed mid-job), so nothing stays "running".
   */
  onDeadLetter?: (payload: z.output<Schema>, context: JobContext) => Promise<void>;
  work: Pick<WorkOptions, "batchSize" | "pollingIntervalSeconds" | "notifyPollingIntervalSeconds" | "localConcurrency">;
  schedule?: { cron: string; payload: z.input<Schema> };
  handler: (payload: z.output<Schema>, context: JobContext) => Promise<void>;
  /**
   * Optional fast path for several jobs fetched together, e.g. one query for twenty
   * events instead of twenty. It may answer per job (null: done; an Error: retry that
   * job). When it throws, each job runs through `handler` on its own, so one bad job
   * cannot hold back the others.
   */
  /**
   * Runs in the transaction of an admin's Replay, before the job goes back to its
   * queue: undoes what onDeadLetter made final, so the replayed job has work to do.
   */
  onReplay?: (payload: z.output<Schema>, tx: Tx) => Promise<void>;
  handleBatch?: (jobs: BatchJob<z.output<Schema>>[], context: Pick<JobContext, "log" | "boss" | "signal">) => Promise<(Error | null)[] | void>;
};

export function defineQueue<Schema extends z.ZodType>(definition: QueueDefinition<Schema>): QueueDefinition<Schema> {
  return definition;
}

export function deadLetterQueueName(name: string): string {
  return `${name}.dead`;
}
