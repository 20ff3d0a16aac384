// The shape of a queue: what the web process and the worker agree on (name, payload
// schema, pg-boss options, schedule, dead-letter, what an admin's Replay undoes) —
// and, apart from it, the shape of the code that works it, which only the worker
// loads (worker/queue-handlers.ts).
import type { PgBoss, Queue, WorkOptions } from "pg-boss";
import type { z } from "zod";
import type { Tx } from "../db/client";
import type { Logger } from "../log";

export type QueueContract<Schema extends z.ZodType = z.ZodType> = {
  payload: Schema;
  options: Omit<Queue, "name" | "deadLetter">;
  /** Failed jobs (after every retry) are copied to `<name>.dead` for inspection and redrive. */
  deadLetter: boolean;
  work: Pick<WorkOptions, "batchSize" | "pollingIntervalSeconds" | "notifyPollingIntervalSeconds" | "localConcurrency">;
  schedule?: { cron: string; payload: z.input<Schema> };
  /** An older payload shape still accepted from jobs queued before a rename, turned into the current one. */
  legacyPayload?: z.ZodType<z.output<Schema>>;
  /**
   * Runs in the transaction of an admin's Replay, which sends the new job (`jobId`)
   * to its queue: undoes what the dead-letter handler made final, so the replayed job
   * has work to do. Part of the contract because the web process (the admin page) runs it.
   */
  onReplay?: (payload: z.output<Schema>, tx: Tx, replay: { jobId: string }) => Promise<void>;
};

export function defineQueue<Schema extends z.ZodType>(contract: QueueContract<Schema>): QueueContract<Schema> {
  return contract;
}

/** A queued job's data read by its contract (current shape first, then the legacy one). */
export function parseJobPayload<Schema extends z.ZodType>(contract: QueueContract<Schema>, data: unknown): z.ZodSafeParseResult<z.output<Schema>> {
  const current = contract.payload.safeParse(data);
  if (current.success || !contract.legacyPayload) return current;
  const legacy = contract.legacyPayload.safeParse(data);
  return legacy.success ? legacy : current;
}

export function deadLetterQueueName(name: string): string {
  return `${name}.dead`;
}

export type JobContext = {
  /** The pg-boss job's id (not a row of ours). */
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

/** What a dead-letter handler is told besides the job's own context. */
export type DeadLetterContext = JobContext & {
  /**
   * The id of the job that failed for good in the original queue (pg-boss' sourceId),
   * not of its copy in the dead-letter queue: a handler compares it with the job its
   * row says owns it, since a newer job may have taken over meanwhile.
   */
  failedJobId: string;
};

/** One job of a fetched batch, as workMany sees it. */
export type FetchedJob<Payload> = { payload: Payload; jobId: string; isLastAttempt: boolean };

/** The code that works one queue: the worker's half of a queue. */
export type QueueHandlers<Payload> = {
  work: (payload: Payload, context: JobContext) => Promise<void>;
  /**
   * Optional fast path for several jobs fetched together, e.g. one query for twenty
   * events instead of twenty. It may answer per job (null: done; an Error: retry that
   * job). When it throws, each job runs through `work` on its own, so one bad job
   * cannot hold back the others.
   */
  workMany?: (jobs: FetchedJob<Payload>[], context: Pick<JobContext, "log" | "boss" | "signal">) => Promise<(Error | null)[] | void>;
  /**
   * Runs for each job that reached the dead-letter queue, including those whose last
   * attempt never reported back (a worker killed mid-job), so nothing stays "running".
   */
  onDeadLetter?: (payload: Payload, context: DeadLetterContext) => Promise<void>;
};
