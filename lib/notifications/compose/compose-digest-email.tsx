// The email for a `digest` delivery: subject, React element and List-Unsubscribe
// headers, from the event's frozen snapshot and the delivery's frozen context only,
// so a retry renders the very same message.
import DigestEmail, { type DigestEmailProps } from "../../../emails/digest";
import type { UnsubscribeSecrets } from "../../unsubscribe/unsubscribe-token";
import { subjectBatchTitle } from "./batch-title";
import type { ComposedEmail } from "./compose-batch-email";
import type { DigestPayload } from "../events/digest";
import { footerLinks } from "./email-footer-links";

export type ComposeDigestEmailInput = {
  payload: DigestPayload;
  recipient: string;
  ownerUserId: string;
  timeZone: string;
  decidedAt: Date;
  appUrl: string;
  secrets?: UnsubscribeSecrets;
};

export function composeDigestEmail(input: ComposeDigestEmailInput): ComposedEmail {
  const { payload } = input;
  const appUrl = input.appUrl.replace(/\/+$/, "");
  // The digest of an extra recipient (named at upload): no owner's dashboard, their own manage page.
  const forExtraRecipient = payload.recipient !== undefined;
  const links = footerLinks({ ...input, category: "digest", forExtraRecipient });
  const batchUrl = (batchId: string) => `${appUrl}/batches/${batchId}`;
  const props: DigestEmailProps = {
    windowStart: payload.windowStart,
    windowEnd: payload.windowEnd,
    timeZone: input.timeZone,
    batches: payload.batches.map((batch) => ({
      batchId: batch.batchId,
      batchUrl: batchUrl(batch.batchId),
      uploadedAt: batch.uploadedAt,
      outcome: batch.outcome,
      fileNames: batch.fileNames,
      failedFiles: batch.failedFiles,
      rows: batch.rows,
      valid: batch.valid,
    })),
    expiring: payload.expiring.map((item) => ({
      batchId: item.batchId,
      batchUrl: batchUrl(item.batchId),
      fileNames: item.fileNames,
      deletesAt: item.expiresAt,
    })),
    batchesUrl: forExtraRecipient ? undefined : `${appUrl}/dashboard`,
    unsubscribeUrl: links.unsubscribeUrl,
    preferencesUrl: links.preferencesUrl,
  };
  return { subject: digestEmailSubject(payload), react: <DigestEmail {...props} />, headers: links.headers };
}

const countFormat = new Intl.NumberFormat("en-US");
const counted = (value: number, one: string, many: string) => `${countFormat.format(value)} ${value === 1 ? one : many}`;

export type DigestSubjectInput = Readonly<{
  batches: readonly Readonly<{ valid: number }>[];
  expiring: readonly Readonly<{ fileNames: readonly string[] }>[];
}>;

/**
 * - `Your Tidings digest: 3 batches, 28,410 valid rows`
 * - with reminders: `Your Tidings digest: 3 batches, 28,410 valid rows; results of 1 batch deleted soon`
 * - reminders only: `Your Tidings digest: results of contacts.csv deleted soon` (`… of 2 batches …`)
 */
export function digestEmailSubject({ batches, expiring }: DigestSubjectInput): string {
  const valid = batches.reduce((sum, batch) => sum + batch.valid, 0);
  const finished = batches.length > 0 ? `${counted(batches.length, "batch", "batches")}, ${counted(valid, "valid row", "valid rows")}` : null;
  const [onlyReminder] = expiring;
  const named = expiring.length === 1 && finished === null && onlyReminder ? subjectBatchTitle(onlyReminder.fileNames) : null;
  const reminders = expiring.length === 0 ? null : `results of ${named ?? counted(expiring.length, "batch", "batches")} deleted soon`;
  return `Your Tidings digest: ${[finished, reminders].filter(Boolean).join("; ")}`;
}
