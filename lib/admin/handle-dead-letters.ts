// What happens first to every job that reaches a dead-letter queue: it is recorded
// and logged, and the admins are alerted (throttled). The queue's own onDeadLetter
// handler runs after this, so a failure is reported even if that handler keeps failing.
import type { Logger } from "../log";
import { recordQueueFailures, type DeadLetteredJob } from "./record-queue-failures";
import { sendAdminAlert, type SendAdminAlertOptions } from "./send-admin-alert";

export async function handleDeadLetters(
  queue: string,
  jobs: readonly DeadLetteredJob[],
  { log, ...alertOptions }: SendAdminAlertOptions & { log: Logger },
): Promise<void> {
  // Throws if the database is down: the dead-letter jobs then retry, nothing is lost.
  const recorded = await recordQueueFailures(queue, jobs);
  if (recorded === 0) return;
  log.error(
    { event: "job.failed_for_good", queue, jobIds: jobs.map((job) => job.sourceId ?? job.id), recorded },
    "jobs failed for good after all their retries",
  );
  await sendAdminAlert({ ...alertOptions, log });
}
