// Replay: a job from a dead-letter queue goes back to the queue it failed in, as a
// fresh job with the same payload and a full set of retries, and leaves the
// dead-letter queue — both in one transaction, so it is never in both or neither.
//
// (pg-boss' redrive() moves only dead-letter jobs nobody has handled yet; ours are
// handled — recorded, onDeadLetter run — as soon as they arrive.)
import { fromPrisma, type PgBoss } from "pg-boss";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { deadLetterQueueName, parseJobPayload, type QueueContract } from "../queue/queue-contract";
import { queueContracts } from "../queue/queue-contracts";
import { deadLetterSources } from "./admin-queues";
import { assertAdmin, type AdminCaller } from "./is-admin";

export const replayDeadLetterJobSchema = z.object({
  queue: z.enum(deadLetterSources),
  jobId: z.uuid("is not a job id"),
});

export type ReplayDeadLetterJobInput = z.input<typeof replayDeadLetterJobSchema>;

/** Answers the id of the new job in the original queue. */
export async function replayDeadLetterJob(boss: PgBoss, caller: AdminCaller, input: ReplayDeadLetterJobInput): Promise<{ jobId: string }> {
  assertAdmin(caller);
  const { queue, jobId } = replayDeadLetterJobSchema.parse(input);
  const deadLetterQueue = deadLetterQueueName(queue);
  return db().$transaction(async (tx) => {
    // Two admins pressing Replay at once: the second finds the job gone.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`admin-replay:${jobId}`}))`;
    const connection = { db: fromPrisma(tx) };
    const [job] = await boss.findJobs(deadLetterQueue, { id: jobId, ...connection });
    if (!job) throw new AppError("not_found", "That job is no longer in the dead-letter queue: it was replayed already, or is past its retention.");
    if (job.state === "active") throw new AppError("conflict", "That job is being handled right now. Try again in a minute.");
    const contract = queueContracts[queue] as QueueContract;
    // A job from before a payload rename goes back in the current shape.
    const payload = parseJobPayload(contract, job.data);
    if (!payload.success) throw new AppError("conflict", "The job’s payload no longer fits its queue, so it cannot be replayed.");
    await boss.deleteJob(deadLetterQueue, job.id, connection);
    const newJobId = await boss.send(queue, payload.data as object, connection);
    if (!newJobId) throw new AppError("conflict", `The ${queue} queue refused the job.`);
    // After the send, so what it reopens can name the new job as its owner.
    await contract.onReplay?.(payload.data, tx, { jobId: newJobId });
    return { jobId: newJobId };
  });
}
