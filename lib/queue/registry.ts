// Every queue Tidings runs, in one place. The worker creates and works them from
// here; `enqueue()` is typed from here.
import { z } from "zod";
import { cleanUpExpiredRecords } from "../maintenance/clean-up-expired-records";
import { defineQueue } from "./define-queue";

export const queueRegistry = {
  // Hourly: forget spent sign-in tokens, ended sessions, old rate-limit windows
  // and old dev-mailbox messages.
  "maintenance.clean-up": defineQueue({
    payload: z.object({}).strict(),
    options: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 5 * 60 },
    deadLetter: false,
    work: { batchSize: 1, pollingIntervalSeconds: 30 },
    schedule: { cron: "17 * * * *", payload: {} },
    handler: async (_payload, { log }) => {
      const removed = await cleanUpExpiredRecords();
      log.info({ event: "maintenance.cleaned_up", ...removed }, "expired records removed");
    },
  }),
};

export type QueueName = keyof typeof queueRegistry;
export type QueuePayload<Name extends QueueName> = z.input<(typeof queueRegistry)[Name]["payload"]>;

export const queueNames = Object.keys(queueRegistry) as QueueName[];
