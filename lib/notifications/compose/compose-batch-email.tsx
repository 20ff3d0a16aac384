// The email for one delivery of a `batch.finished` event: subject, React element and
// the List-Unsubscribe headers. A pure function of the event's snapshot and the
// delivery's frozen context, so a retry renders the very same message.
import type { ReactElement } from "react";
import BatchCompletedEmail from "../../../emails/batch-completed";
import BatchFailedEmail from "../../../emails/batch-failed";
import BatchPartialEmail from "../../../emails/batch-partial";
import type { BatchEmailBaseProps, BatchEmailTotals } from "../../../emails/_components/batch-data";
import type { BatchFinishedPayload } from "../events/batch-finished";
import type { UnsubscribeCategory, UnsubscribeSecrets } from "../../unsubscribe/unsubscribe-token";
import { batchEmailSubject } from "./batch-email-subject";
import { footerLinks } from "./email-footer-links";

export type ComposeBatchEmailInput = {
  batchId: string;
  payload: BatchFinishedPayload;
  recipient: string;
  category: Exclude<UnsubscribeCategory, "all">;
  /** The batch owner: an unsubscribe by an extra recipient is stored against them. */
  ownerUserId: string;
  timeZone: string;
  /** When the delivery was decided: the token's issue time, fixed for every retry. */
  decidedAt: Date;
  /** Someone the owner named at upload, not the owner. */
  forExtraRecipient?: boolean;
  appUrl: string;
  secrets?: UnsubscribeSecrets;
};

export type ComposedEmail = {
  subject: string;
  react: ReactElement;
  headers: Record<string, string>;
};

export function composeBatchEmail(input: ComposeBatchEmailInput): ComposedEmail {
  const { payload, batchId } = input;
  const appUrl = input.appUrl.replace(/\/+$/, "");
  const links = footerLinks(input);
  const base: BatchEmailBaseProps = {
    batchId,
    batchUrl: `${appUrl}/batches/${batchId}`,
    uploadedAt: payload.uploadedAt,
    timeZone: input.timeZone,
    files: payload.files.map((file) => ({
      name: file.name,
      status: file.status,
      validRows: file.valid,
      totalRows: file.rows,
      ...(file.error ? { reason: file.error } : {}),
    })),
    unsubscribeUrl: links.unsubscribeUrl,
    preferencesUrl: links.preferencesUrl,
  };
  const totals = emailTotals(payload);
  const completedFiles = payload.files.filter((file) => file.status === "completed");
  // One finished file: its cleaned CSV is one click away. Several: the batch page has them all.
  const onlyFile = completedFiles.length === 1 ? completedFiles[0] : undefined;
  const cleanedCsvUrl = onlyFile ? `${appUrl}/api/batches/${batchId}/files/${onlyFile.jobId}/cleaned` : undefined;

  const react =
    payload.outcome === "completed" ? (
      <BatchCompletedEmail {...base} totals={totals} cleanedCsvUrl={cleanedCsvUrl} />
    ) : payload.outcome === "partial" ? (
      <BatchPartialEmail {...base} totals={totals} cleanedCsvUrl={cleanedCsvUrl} />
    ) : (
      <BatchFailedEmail {...base} />
    );
  const subject = batchEmailSubject({
    outcome: payload.outcome,
    files: payload.files,
    rows: totals.rows,
    valid: totals.valid,
  });
  return { subject, react, headers: links.headers };
}

function emailTotals({ stats }: BatchFinishedPayload): BatchEmailTotals {
  const verdict = (name: string) => stats.verdicts[name] ?? 0;
  return { rows: stats.rows, valid: verdict("valid"), risky: verdict("risky"), invalid: verdict("invalid"), duplicate: verdict("duplicate") };
}
