// The email for a `results.expiring` delivery: subject, React element and
// List-Unsubscribe headers, from the event's frozen snapshot and the delivery's
// frozen context only, so a retry renders the very same message.
import ResultsExpiringEmail from "../../../emails/results-expiring";
import type { UnsubscribeSecrets } from "../../unsubscribe/unsubscribe-token";
import { subjectBatchTitle } from "./batch-title";
import type { ComposedEmail } from "./compose-batch-email";
import { footerLinks } from "./email-footer-links";
import type { ResultsExpiringPayload } from "../events/results-expiring";

export type ComposeResultsExpiringEmailInput = {
  payload: ResultsExpiringPayload;
  recipient: string;
  ownerUserId: string;
  timeZone: string;
  decidedAt: Date;
  appUrl: string;
  secrets?: UnsubscribeSecrets;
};

export function composeResultsExpiringEmail(input: ComposeResultsExpiringEmailInput): ComposedEmail {
  const { payload } = input;
  const appUrl = input.appUrl.replace(/\/+$/, "");
  const links = footerLinks({ ...input, category: "results_expiring" });
  const batchUrl = `${appUrl}/batches/${payload.batchId}`;
  const completed = payload.files.filter((file) => file.status === "completed");
  // The same rule as the batch emails: one file links its cleaned CSV, several the batch page.
  const onlyFile = completed.length === 1 ? completed[0] : undefined;
  const react = (
    <ResultsExpiringEmail
      batchId={payload.batchId}
      batchUrl={batchUrl}
      downloadUrl={onlyFile ? `${appUrl}/api/batches/${payload.batchId}/files/${onlyFile.jobId}/cleaned` : batchUrl}
      fileNames={payload.files.map((file) => file.name)}
      uploadedAt={payload.uploadedAt}
      deletesAt={payload.expiresAt}
      timeZone={input.timeZone}
      unsubscribeUrl={links.unsubscribeUrl}
      preferencesUrl={links.preferencesUrl}
    />
  );
  const subject = resultsExpiringEmailSubject({ fileNames: payload.files.map((file) => file.name), deletesAt: payload.expiresAt }, input.timeZone);
  return { subject, react, headers: links.headers };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "March 6" on the recipient's clock; an unknown zone (bad data) reads as UTC rather than failing the email. */
function dayInZone(instant: Date | string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", timeZone });
    } catch {
      format = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", timeZone: "UTC" });
    }
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/** `Results of contacts.csv are deleted on March 6` — the day on the recipient's clock. */
export function resultsExpiringEmailSubject(input: Readonly<{ fileNames: readonly string[]; deletesAt: Date | string }>, timeZone: string): string {
  return `Results of ${subjectBatchTitle(input.fileNames)} are deleted on ${dayInZone(input.deletesAt, timeZone)}`;
}
