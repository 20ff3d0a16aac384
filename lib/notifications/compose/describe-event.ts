// What a person recognises a notification by, read from its event's frozen payload
// (not the batch, which may have been retried or deleted since).
import { BATCH_FINISHED, batchFinishedPayloadSchema } from "../events/batch-finished";
import { batchEmailSubject } from "./batch-email-subject";
import { batchTitle } from "./batch-title";
import { RESULTS_EXPIRING, resultsExpiringPayloadSchema } from "../events/results-expiring";

export type EventSummary = {
  /** The batch page the notification is about. */
  batchId: string;
  /** "contacts.csv", "contacts.csv and 2 more". */
  batchTitle: string;
  /** The same words as the email's subject: "contacts.csv: 9,812 valid of 10,000". */
  headline: string;
};

type EventRow = { type: string; batchId: string | null; payload: unknown };

const countFormat = new Intl.NumberFormat("en-US");

/** Null for events without a batch (a digest) or with a payload that no longer parses. */
export function describeEvent(event: EventRow): EventSummary | null {
  if (event.type === RESULTS_EXPIRING) {
    const payload = resultsExpiringPayloadSchema.safeParse(event.payload);
    if (!payload.success) return null;
    const title = batchTitle(payload.data.files.map((file) => file.name));
    return { batchId: payload.data.batchId, batchTitle: title, headline: `Results of ${title} are deleted soon` };
  }
  if (event.type !== BATCH_FINISHED || event.batchId === null) return null;
  const payload = batchFinishedPayloadSchema.safeParse(event.payload);
  if (!payload.success) return null;
  const { outcome, files, stats } = payload.data;
  const [first] = files;
  return {
    batchId: event.batchId,
    batchTitle: first === undefined ? "Your batch" : files.length === 1 ? first.name : `${first.name} and ${countFormat.format(files.length - 1)} more`,
    headline: batchEmailSubject({ outcome, files, rows: stats.rows, valid: stats.verdicts.valid ?? 0 }),
  };
}
