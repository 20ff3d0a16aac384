// Every queue Tidings runs, in one place. The worker creates and works them from
// here; `enqueue()` is typed from here.
import { z } from "zod";
import { forgetOldAlerts } from "../admin/forget-old-alerts";
import { sendAdminAlert } from "../admin/send-admin-alert";
import { deleteExpiredBatches } from "../batches/delete-batch";
import { processJob } from "../batches/process-job";
import { recordJobFailure } from "../batches/record-job-failure";
import { reopenFile } from "../batches/reopen-file-for-replay";
import { cleanUpExpiredRecords } from "../maintenance/clean-up-expired-records";
import { removeAbandonedWrites } from "../maintenance/remove-abandoned-writes";
import { assembleDigests } from "../notifications/assemble-digests";
import { notifyEvent, notifyEvents } from "../notifications/notify-event";
import { reopenDelivery } from "../notifications/reopen-for-replay";
import { remindExpiringResults } from "../notifications/remind-expiring-results";
import { markGivenUp, sendDeliveryEmail, sendDeliveryEmails } from "../notifications/send-delivery-email";
import { deliverWebhook, markWebhookGivenUp } from "../webhooks/deliver-webhook";
import { defineQueue } from "./define-queue";

export const queueRegistry = {
  // One file of a batch. Retried with backoff; a worker killed mid-file lets the job
  // expire and another worker picks it up.
  "batch.process-file": defineQueue({
    payload: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    // The heartbeat (sent by pg-boss every 5 s while the handler runs) is how a killed
    // worker is noticed: after 10 s of silence the file goes back to the queue.
    options: { retryLimit: 3, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 30 * 60, heartbeatSeconds: 10, notify: true },
    deadLetter: true,
    // NOTIFY wakes a worker when a file is queued; the short poll picks up files that
    // queued while both slots were busy, which no NOTIFY announces again.
    work: { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
    handler: ({ jobId }, context) => processJob(jobId, context),
    onDeadLetter: ({ jobId }, { boss }) =>
      recordJobFailure(jobId, "Processing did not finish after several attempts. Retry the file, or contact support if it keeps failing.", boss),
    onReplay: ({ jobId }, tx) => reopenFile(tx, jobId),
  }),

  // One outbox event (a batch finished): decide who hears about it on which channel.
  // Queued in the transaction that wrote the event; idempotent per event.
  "notification.notify": defineQueue({
    payload: z.object({ eventId: z.string().min(1).max(64) }).strict(),
    options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 60, notify: true },
    deadLetter: true,
    // Up to 50 events per fetch, decided together (handleBatch: one transaction, one
    // query per table); 20 reached ~450 events/s in bench:notify, 50 ~700.
    work: { batchSize: 50, localConcurrency: 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
    handler: async ({ eventId }, { boss, log }) => {
      const result = await notifyEvent(eventId, { boss, log });
      if (result) log.info({ event: "notify.decided", eventId, ...result }, "deliveries decided");
    },
    handleBatch: async (jobs, { boss, log }) => {
      const results = await notifyEvents(jobs.map((job) => job.payload.eventId), { boss, log });
      for (const [eventId, result] of results) log.info({ event: "notify.decided", eventId, ...result }, "deliveries decided");
    },
  }),

  // One email of one delivery. 5xx and network errors retry with exponential backoff
  // and jitter (15–30 s, doubling, capped at 15 min: 8 tries over 45–60 minutes), then
  // dead-letter.
  "notification.send-email": defineQueue({
    payload: z.object({ deliveryId: z.string().min(1).max(64) }).strict(),
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
    handler: ({ deliveryId }, context) => sendDeliveryEmail(deliveryId, context),
    // Fetched together: sent together, in one batch call where the provider has one.
    handleBatch: (jobs, context) =>
      sendDeliveryEmails(jobs.map((job) => ({ deliveryId: job.payload.deliveryId, isLastAttempt: job.isLastAttempt })), context),
    onDeadLetter: ({ deliveryId }) => markGivenUp(deliveryId),
    onReplay: ({ deliveryId }, tx) => reopenDelivery(tx, deliveryId),
  }),

  // One webhook of one delivery, POSTed signed to the person's endpoint. 5xx, 408,
  // 429, timeouts and network errors retry with exponential backoff and jitter
  // (15–30 s, doubling, capped at 15 min: 8 tries over about an hour), then
  // dead-letter; a redirect or another 4xx fails the delivery at once.
  "webhook.deliver": defineQueue({
    payload: z.object({ deliveryId: z.string().min(1).max(64) }).strict(),
    // A request takes at most 10 s (plus DNS); expiry only catches a stuck worker.
    options: { retryLimit: 8, retryDelay: 15, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 2 * 60, heartbeatSeconds: 10, notify: true },
    deadLetter: true,
    work: { batchSize: 10, localConcurrency: 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
    handler: ({ deliveryId }, context) => deliverWebhook(deliveryId, context),
    onDeadLetter: ({ deliveryId }) => markWebhookGivenUp(deliveryId),
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
    handler: async (_payload, { boss, log }) => {
      const result = await assembleDigests({ boss, log });
      if (result.digests > 0) log.info({ event: "digest.assembled", ...result }, "digests assembled");
    },
  }),

  // Hourly: a reminder event (and its notify job) for each batch whose results are
  // deleted within 24 hours and can still be downloaded. Once per batch.
  "notification.results-expiring": defineQueue({
    payload: z.object({}).strict(),
    options: { retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60 },
    deadLetter: false,
    work: { batchSize: 1, pollingIntervalSeconds: 30 },
    schedule: { cron: "41 * * * *", payload: {} },
    handler: async (_payload, { boss, log }) => {
      const { reminders } = await remindExpiringResults({ boss });
      if (reminders > 0) log.info({ event: "results_expiring.reminded", reminders }, "results-expiring reminders written");
    },
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
    handler: async (_payload, { log, boss }) => {
      const batches = await deleteExpiredBatches(boss);
      const removed = await cleanUpExpiredRecords();
      const abandonedWrites = await removeAbandonedWrites();
      log.info({ event: "maintenance.cleaned_up", batches, ...removed, abandonedWrites }, "expired records removed");
    },
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
    handler: async (_payload, { log }) => {
      await sendAdminAlert({ log });
      await forgetOldAlerts();
    },
  }),
};

export type QueueName = keyof typeof queueRegistry;
export type QueuePayload<Name extends QueueName> = z.input<(typeof queueRegistry)[Name]["payload"]>;

export const queueNames = Object.keys(queueRegistry) as QueueName[];
