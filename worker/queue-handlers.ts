// The worker's half of every queue: which function in lib/ works it, works several
// jobs fetched together, or settles a job that reached the dead-letter queue. The
// contracts (payloads, options, schedules) are in lib/queue/queue-contracts.ts; the
// compiler checks that every queue there has its handlers here.
import { forgetOldAlerts } from "@/lib/admin/forget-old-alerts";
import { sendAdminAlert } from "@/lib/admin/send-admin-alert";
import { countCrossFileDuplicates, finishWithoutCrossFileCounts } from "@/lib/batches/count-cross-file-duplicates";
import { deleteExpiredBatches } from "@/lib/batches/delete-batch";
import { processBatchFile } from "@/lib/batches/process-batch-file";
import { recordFileFailure } from "@/lib/batches/record-file-failure";
import { cleanUpExpiredRecords } from "@/lib/maintenance/clean-up-expired-records";
import { removeAbandonedWrites } from "@/lib/maintenance/remove-abandoned-writes";
import { assembleDigests } from "@/lib/notifications/scheduled/assemble-digests";
import { notifyEvent, notifyEvents } from "@/lib/notifications/rules/notify-event";
import { remindExpiringResults } from "@/lib/notifications/scheduled/remind-expiring-results";
import { markGivenUp, sendDeliveryEmail, sendDeliveryEmails } from "@/lib/notifications/deliveries/send-delivery-email";
import type { QueueHandlerMap } from "@/lib/queue/work-queues";
import { deliverWebhook, markWebhookGivenUp } from "@/lib/webhooks/deliver-webhook";

export const queueHandlers: QueueHandlerMap = {
  "batch.process-file": {
    work: ({ fileId }, context) => processBatchFile(fileId, context),
    // Only while the failed job still owns the file: after a storage outage the file was
    // queued again as a new job, and the old one may still land here if its worker died
    // before pg-boss recorded it as done.
    onDeadLetter: async ({ fileId }, { boss, failedJobId }) => {
      await recordFileFailure(fileId, "Processing did not finish after several attempts. Retry the file, or contact support if it keeps failing.", boss, {
        ownerJobId: failedJobId,
      });
    },
  },

  "batch.count-cross-file-duplicates": {
    work: ({ batchId }, context) => countCrossFileDuplicates(batchId, context),
    // Every attempt failed (storage away for long, a worker killed each time): the
    // outcome goes out without the counts rather than never.
    onDeadLetter: ({ batchId }, context) => finishWithoutCrossFileCounts(batchId, context),
  },

  "notification.notify": {
    work: async ({ eventId }, { boss, log }) => {
      const result = await notifyEvent(eventId, { boss, log });
      if (result) log.info({ event: "notify.decided", eventId, ...result }, "deliveries decided");
    },
    workMany: async (jobs, { boss, log }) => {
      const results = await notifyEvents(jobs.map((job) => job.payload.eventId), { boss, log });
      for (const [eventId, result] of results) log.info({ event: "notify.decided", eventId, ...result }, "deliveries decided");
    },
  },

  "notification.send-email": {
    work: ({ deliveryId }, context) => sendDeliveryEmail(deliveryId, context),
    // Fetched together: sent together, in one batch call where the provider has one.
    workMany: (jobs, context) =>
      sendDeliveryEmails(jobs.map((job) => ({ deliveryId: job.payload.deliveryId, isLastAttempt: job.isLastAttempt })), context),
    onDeadLetter: ({ deliveryId }) => markGivenUp(deliveryId),
  },

  "webhook.deliver": {
    work: ({ deliveryId }, context) => deliverWebhook(deliveryId, context),
    onDeadLetter: ({ deliveryId }) => markWebhookGivenUp(deliveryId),
  },

  "notification.digest": {
    work: async (_payload, { boss, log }) => {
      const result = await assembleDigests({ boss, log });
      if (result.digests > 0) log.info({ event: "digest.assembled", ...result }, "digests assembled");
    },
  },

  "notification.results-expiring": {
    work: async (_payload, { boss, log }) => {
      const { reminders } = await remindExpiringResults({ boss });
      if (reminders > 0) log.info({ event: "results_expiring.reminded", reminders }, "results-expiring reminders written");
    },
  },

  "maintenance.clean-up": {
    work: async (_payload, { log, boss }) => {
      const batches = await deleteExpiredBatches(boss);
      const removed = await cleanUpExpiredRecords();
      const abandonedWrites = await removeAbandonedWrites();
      log.info({ event: "maintenance.cleaned_up", batches, ...removed, abandonedWrites }, "expired records removed");
    },
  },

  "admin.send-alerts": {
    work: async (_payload, { log }) => {
      await sendAdminAlert({ log });
      await forgetOldAlerts();
    },
  },
};
