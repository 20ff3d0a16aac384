// Every queue Tidings runs, as a contract: name, payload schema, pg-boss options,
// schedule, dead-letter queue and what a Replay undoes. `enqueue()`, the admin page
// and the worker read it; the code that works each queue is wired on the worker's
// side (worker/queue-handlers.ts), so queuing a job never loads that code.
import { z } from "zod";
import { reopenFile } from "../batches/reopen-file-for-replay";
import { reopenDelivery } from "../notifications/deliveries/reopen-delivery";
import { defineQueue } from "./queue-contract";

const id = z.string().min(1).max(64);

export const queueContracts = {
  // One file of a batch. Retried with backoff; a worker killed mid-file lets the job
  // expire and another worker picks it up.
  "batch.process-file": defineQueue({
    payload: z.object({ fileId: id }).strict(),
    // Jobs queued before the payload said `fileId` (Tidings 0.1) are still worked.
    // Drop after the next release.
    legacyPayload: z.object({ jobId: id }).strict().transform(({ jobId }) => ({ fileId: jobId })),
    // The heartbeat (sent by pg-boss every 5 s while the handler runs) is how a killed
    // worker is noticed: after 10 s of silence the file goes back to the queue.
    options: { retryLimit: 3, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 30 * 60, heartbeatSeconds: 10, notify: true },
    deadLetter: true,
    // NOTIFY wakes a worker when a file is queued; the short poll picks up files that
    // queued while both slots were busy, which no NOTIFY announces again.
    work: { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
    onReplay: ({ fileId }, tx, { jobId }) => reopenFile(tx, fileId, jobId),
  }),

  // The last step before a batch with several files announces its outcome: count the
  // rows each file repeats from an earlier one (the downloads call them duplicates), so
  // the numbers agree with the files. Queued in the transaction that ended its last
  // file; a killed worker's job is retried and counts again. Past every retry (the
  // dead-letter handler) the batch ends without those counts rather than never.
  "batch.count-cross-file-duplicates": defineQueue({
    payload: z.object({ batchId: id }).strict(),
    options: { retryLimit: 5, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 30 * 60, heartbeatSeconds: 10, notify: true },
    deadLetter: true,
    work: { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
  }),

  // One outbox event (a batch finished): decide who hears about it on which channel.
  // Queued in the transaction that wrote the event; idempotent per event.
  "notification.notify": defineQueue({
    payload: z.object({ eventId: id }).strict(),
    options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 60, notify: true },
    deadLetter: true,
    // Up to 50 events per fetch, decided together (workMany: one transaction, one
    // query per table); 20 reached ~450 events/s in bench:notify, 50 ~700.
    work: { batchSize: 50, localConcurrency: 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
  }),

  // One email of one delivery. 5xx and network errors retry with exponential backoff
  // and jitter (15–30 s, doubling, capped at 15 min: 8 tries over 45–60 minutes), then
  // dead-letter.
  "notification.send-email": defineQueue({
    payload: z.object({ deliveryId: id }).strict(),
    options: {
      retryLimit: 8,
      retryDelay: 15,
      retryBackoff: true,
      retryDelayMax: 900,
      expireInSeconds: 5 * 60,
      heartbeatSeconds: 10,
      notify: true,
    },
    deadLetter: true,
    // Up to 50 emails per fetch, sent together in one Resend batch call.
    work: { batchSize: 50, localConcurrency: 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
    onReplay: ({ deliveryId }, tx) => reopenDelivery(tx, deliveryId),
  }),

  // One webhook of one delivery, POSTed signed to the person's endpoint. 5xx, 408,
  // 429, timeouts and network errors retry with exponential backoff and jitter
  // (15–30 s, doubling, capped at 15 min: 8 tries over about an hour), then
  // dead-letter; a redirect or another 4xx fails the delivery at once.
  "webhook.deliver": defineQueue({
    payload: z.object({ deliveryId: id }).strict(),
    // A request takes at most 10 s (plus DNS); expiry only catches a stuck worker.
    options: { retryLimit: 8, retryDelay: 15, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 2 * 60, heartbeatSeconds: 10, notify: true },
    deadLetter: true,
    work: { batchSize: 10, localConcurrency: 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
    onReplay: ({ deliveryId }, tx) => reopenDelivery(tx, deliveryId),
  }),

  // Every 5 minutes: for each person whose digest window closed with emails folded
  // into it (digest mode, daily cap), one digest event and its notify job. Once per
  // window however often it runs and on however many workers.
  "notification.digest": defineQueue({
    payload: z.object({}).strict(),
    options: { retryLimit: 2, retryDelay: 30, expireInSeconds: 4 * 60 },
    deadLetter: false,
    work: { batchSize: 1, pollingIntervalSeconds: 30 },
    schedule: { cron: "*/5 * * * *", payload: {} },
  }),

  // Hourly: a reminder event (and its notify job) for each batch whose results are
  // deleted within 24 hours and can still be downloaded. Once per batch.
  "notification.results-expiring": defineQueue({
    payload: z.object({}).strict(),
    options: { retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60 },
    deadLetter: false,
    work: { batchSize: 1, pollingIntervalSeconds: 30 },
    schedule: { cron: "41 * * * *", payload: {} },
  }),

  // Hourly: delete batches past their retention date with their files; forget
  // spent sign-in tokens, ended sessions, old rate-limit windows and old dev-mailbox
  // messages; remove partial files that killed processes left in storage.
  "maintenance.clean-up": defineQueue({
    payload: z.object({}).strict(),
    options: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 5 * 60 },
    deadLetter: false,
    work: { batchSize: 1, pollingIntervalSeconds: 30 },
    schedule: { cron: "17 * * * *", payload: {} },
  }),

  // Every minute: the admin alert the 5-minute throttle (or a failed send) held back,
  // with every failure since the last alert folded in; then forget failures past
  // their retention. No dead-letter queue and no retries: an alert about failing
  // alerts would loop, and the next minute tries again anyway.
  "admin.send-alerts": defineQueue({
    payload: z.object({}).strict(),
    options: { retryLimit: 0, expireInSeconds: 2 * 60 },
    deadLetter: false,
    work: { batchSize: 1, pollingIntervalSeconds: 10 },
    schedule: { cron: "* * * * *", payload: {} },
  }),
};

export type QueueName = keyof typeof queueContracts;
/** What a sender passes to enqueue(). */
export type QueuePayload<Name extends QueueName> = z.input<(typeof queueContracts)[Name]["payload"]>;
/** What the queue's handler receives. */
export type QueueJobPayload<Name extends QueueName> = z.output<(typeof queueContracts)[Name]["payload"]>;

export const queueNames = Object.keys(queueContracts) as QueueName[];
