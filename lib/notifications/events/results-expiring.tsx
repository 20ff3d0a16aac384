// The `results.expiring` event: one per batch, written when its results are about to
// be deleted (lib/notifications/scheduled/remind-expiring-results.ts). The payload
// freezes what the reminder shows, so a retried send renders the same bytes even once
// retention has deleted the batch. It reaches the owner's email and bell by the
// ordinary rules (cap and digest mode included); no webhook event exists for it.
import { z } from "zod";
import ResultsExpiringEmail from "../../../emails/results-expiring";
import { batchTitle } from "../compose/batch-title";
import type { ComposeContext, ComposedEmail } from "../compose/composed-email";
import { footerLinks } from "../compose/email-footer-links";
import { resultsExpiringEmailSubject } from "../compose/results-expiring-email-subject";
import { planForOwner } from "../rules/delivery-draft";
import { fileSnapshotSchema } from "./file-snapshot";
import { defineNotificationEvent } from "./notification-event-kind";

export const RESULTS_EXPIRING = "results.expiring";

export const resultsExpiringPayloadSchema = z.object({
  batchId: z.string(),
  /** "contacts.csv", "contacts.csv and 2 more". */
  title: z.string(),
  uploadedAt: z.iso.datetime(),
  /** When retention deletes the results (Batch.expiresAt). */
  expiresAt: z.iso.datetime(),
  files: z.array(fileSnapshotSchema),
});

export type ResultsExpiringPayload = z.infer<typeof resultsExpiringPayloadSchema>;

export function resultsExpiringDedupeKey(batchId: string): string {
  return `results-expiring:${batchId}`;
}

export const resultsExpiringEvent = defineNotificationEvent<ResultsExpiringPayload>({
  payload: resultsExpiringPayloadSchema,
  plan: (event, _payload, facts, now) => {
    const owner = facts.owners.get(event.userId);
    return owner ? planForOwner(event, owner, facts, now, { category: "results_expiring", preferences: owner.preferences, countsCap: true }) : [];
  },
  composeEmail: (_event, payload, _category, context) => composeResultsExpiringEmail({ ...context, payload }),
  describe: (_event, payload) => {
    const title = batchTitle(payload.files.map((file) => file.name));
    return { batchId: payload.batchId, batchTitle: title, headline: `Results of ${title} are deleted soon` };
  },
  foldIntoDigest: (event, { batchId, title, files, expiresAt }) => ({
    expiring: { eventId: event.id, batchId, title, fileNames: files.map((file) => file.name), expiresAt },
  }),
  webhookBody: () => null,
});

function composeResultsExpiringEmail(input: ComposeContext & { payload: ResultsExpiringPayload }): ComposedEmail {
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
      downloadUrl={onlyFile ? `${appUrl}/api/batches/${payload.batchId}/files/${onlyFile.fileId}/cleaned` : batchUrl}
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

