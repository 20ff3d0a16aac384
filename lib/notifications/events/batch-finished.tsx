// The `batch.finished` event: written with the batch's outcome in the transaction
// that ends the batch. Its payload is a snapshot of everything a notification shows,
// so an email rendered again on a retry carries the same bytes even if the batch
// changed (a retry of its failed files) or is gone. Who hears of it: the owner (email,
// in-app, webhooks they subscribed) and the extra recipient named at upload (email),
// by the batch's contract and their preferences — the extra recipient only once they
// accepted the owner's emails (lib/recipient-consent/); until then the delivery is
// recorded as skipped, with why, for the owner's log.
import { z } from "zod";
import BatchCompletedEmail from "../../../emails/batch-completed";
import BatchFailedEmail from "../../../emails/batch-failed";
import BatchPartialEmail from "../../../emails/batch-partial";
import type { BatchEmailBaseProps, BatchEmailTotals } from "../../../emails/_components/batch-data";
import { batchOptionsSchema } from "../../batches/batch-options";
import type { BatchStats } from "../../batches/batch-stats";
import { webhookEventForOutcome, type BatchWebhookBody } from "../../webhooks/webhook-events";
import { batchEmailSubject } from "../compose/batch-email-subject";
import { batchTitle } from "../compose/batch-title";
import type { ComposeContext, ComposedEmail } from "../compose/composed-email";
import { footerLinks } from "../compose/email-footer-links";
import { normalizeAddress } from "../deliveries/suppression";
import { configurableCategorySchema } from "../preferences/notification-preferences";
import { recipientPreferences } from "../preferences/recipient-preferences";
import { consentKey, extraRecipientGate } from "../../recipient-consent/consent-rules";
import { decideDelivery, heldForConsent, immediate, type DeliveryDraft, type EventRow, type Facts } from "../rules/delivery-draft";
import { categoryForOutcome } from "../rules/evaluate-notification";
import { fileSnapshotSchema, snapshotFile } from "./file-snapshot";
import { defineNotificationEvent } from "./notification-event-kind";

export const BATCH_FINISHED = "batch.finished";

const count = z.number().int().nonnegative();

/** With the reason a failed file gave, in words a person can act on. */
const finishedFileSchema = fileSnapshotSchema.extend({
  error: z.string().nullable(),
  /** Why it failed as a code (no_email_column: fixable on the batch page). Absent from events written before it was recorded. */
  errorCode: z.string().nullable().optional(),
});

export const batchFinishedPayloadSchema = z.object({
  outcome: z.enum(["completed", "partial", "failed"]),
  uploadedAt: z.iso.datetime(),
  files: z.array(finishedFileSchema),
  stats: z.object({
    files: z.object({ total: count, completed: count, failed: count, cancelled: count }),
    rows: count,
    verdicts: z.record(z.string(), count),
    reasons: z.record(z.string(), count),
    crossFileDuplicates: count.optional(),
  }) satisfies z.ZodType<BatchStats>,
});

export type BatchFinishedPayload = z.infer<typeof batchFinishedPayloadSchema>;
export type BatchFileSnapshot = z.infer<typeof finishedFileSchema>;

export function batchFinishedDedupeKey(batchId: string, outcome: BatchFinishedPayload["outcome"]): string {
  return `batch:${batchId}:${outcome}`;
}

type FinishedFile = { id: string; originalName: string; status: string; summary: unknown; crossFileDuplicates?: unknown; error: string | null; errorCode?: string | null };

export function batchFinishedPayload(
  outcome: BatchFinishedPayload["outcome"],
  batch: { createdAt: Date },
  files: readonly FinishedFile[],
  stats: BatchStats,
): BatchFinishedPayload {
  return {
    outcome,
    uploadedAt: batch.createdAt.toISOString(),
    files: files.map((file) => ({ ...snapshotFile(file), error: file.error, errorCode: file.errorCode ?? null })),
    stats,
  };
}

export const batchFinishedEvent = defineNotificationEvent<BatchFinishedPayload>({
  payload: batchFinishedPayloadSchema,
  plan: planBatchFinished,
  composeEmail: (event, payload, category, context) => {
    const configurable = configurableCategorySchema.safeParse(category);
    if (!configurable.success || !event.batchId) return null;
    return composeBatchEmail({ ...context, batchId: event.batchId, payload, category: configurable.data });
  },
  describe: (event, payload) => {
    if (event.batchId === null) return null;
    const { outcome, files, stats } = payload;
    const [first] = files;
    return {
      batchId: event.batchId,
      batchTitle: first === undefined ? "Your batch" : files.length === 1 ? first.name : `${first.name} and ${countFormat.format(files.length - 1)} more`,
      headline: batchEmailSubject({ outcome, files, rows: stats.rows, valid: stats.verdicts.valid ?? 0 }),
    };
  },
  foldIntoDigest: (event, { outcome, files, stats, uploadedAt }) => {
    if (!event.batchId) return null;
    const fileNames = files.map((file) => file.name);
    return {
      batch: {
        eventId: event.id,
        batchId: event.batchId,
        title: batchTitle(fileNames),
        fileNames,
        outcome,
        failedFiles: files.filter((file) => file.status === "failed").length,
        rows: stats.rows,
        valid: stats.verdicts.valid ?? 0,
        uploadedAt,
        finishedAt: event.createdAt.toISOString(),
      },
    };
  },
  webhookBody: (event, payload, appUrl) => (event.batchId ? batchWebhookBody({ batchId: event.batchId, payload, finishedAt: event.createdAt, appUrl }) : null),
});

const countFormat = new Intl.NumberFormat("en-US");

function planBatchFinished(event: EventRow, payload: BatchFinishedPayload, facts: Facts, now: Date): DeliveryDraft[] {
  const owner = facts.owners.get(event.userId);
  if (!owner) return [];
  // Options were validated at upload; a batch deleted since falls back to the defaults.
  const options = batchOptionsSchema.safeParse((event.batchId && facts.batchOptions.get(event.batchId)) || {});
  const batchContract = options.success ? options.data.notifications.email : undefined;
  const extraRecipient = options.success ? options.data.context.email : undefined;
  const { outcome } = payload;
  const category = categoryForOutcome(outcome);
  const byContract = { category, outcome, countsCap: true, batchContract };

  const drafts = [decideDelivery(event, owner, facts, now, { ...byContract, preferences: owner.preferences })("email", owner.email)];
  const recipient = extraRecipient ? normalizeAddress(extraRecipient) : undefined;
  if (recipient !== undefined && recipient !== owner.email) {
    const consent = extraRecipientGate(facts.recipientConsents.get(consentKey(owner.id, recipient)));
    if (!consent.allowed && !facts.suppressed.has(recipient)) {
      // Someone the owner named who has not accepted: no email with file names until they do.
      drafts.push(heldForConsent(event, owner, recipient, category, consent.reason));
    } else {
      // Someone the owner named at upload who accepted (or is suppressed, which the
      // rules say): the owner's contract and time zone, the default categories minus
      // any they unsubscribed from (stored per owner).
      const preferences = recipientPreferences(facts.optOuts, recipient, owner.id, owner.preferences.timeZone);
      const draft = decideDelivery(event, owner, facts, now, { ...byContract, preferences })("email", recipient);
      // Frozen with the decision: the email links their manage page, not the owner's settings.
      drafts.push({ ...draft, context: { ...draft.context, extraRecipient: true } });
    }
  }
  const byPreference = decideDelivery(event, owner, facts, now, { category, outcome, countsCap: true, preferences: owner.preferences });
  drafts.push(immediate(byPreference("in_app", owner.id), "delivered"));
  const eventType = webhookEventForOutcome(outcome);
  for (const endpoint of owner.endpoints.filter((candidate) => candidate.events.includes(eventType))) {
    drafts.push(immediate(byPreference("webhook", endpoint.id), "queued"));
  }
  return drafts;
}

type ComposeBatchEmailInput = ComposeContext & {
  batchId: string;
  payload: BatchFinishedPayload;
  category: Parameters<typeof footerLinks>[0]["category"];
};

/** The email for one delivery: a pure function of the snapshot and the delivery's frozen context, so a retry renders the very same message. */
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
      ...(file.crossFileDuplicates ? { crossFileDuplicates: file.crossFileDuplicates } : {}),
      ...(file.error ? { reason: file.error } : {}),
      // A file without a recognisable email column is fixed on the batch page by picking it.
      ...(file.status === "failed" && file.errorCode === "no_email_column" ? { fixUrl: `${appUrl}/batches/${batchId}#fix-file-${file.fileId}` } : {}),
    })),
    unsubscribeUrl: links.unsubscribeUrl,
    preferencesUrl: links.preferencesUrl,
  };
  const totals = emailTotals(payload);
  const completedFiles = payload.files.filter((file) => file.status === "completed");
  // One finished file: its cleaned CSV is one click away. Several: the batch page has them all.
  const onlyFile = completedFiles.length === 1 ? completedFiles[0] : undefined;
  const cleanedCsvUrl = onlyFile ? `${appUrl}/api/batches/${batchId}/files/${onlyFile.fileId}/cleaned` : undefined;

  const react =
    payload.outcome === "completed" ? (
      <BatchCompletedEmail {...base} totals={totals} cleanedCsvUrl={cleanedCsvUrl} />
    ) : payload.outcome === "partial" ? (
      <BatchPartialEmail {...base} totals={totals} cleanedCsvUrl={cleanedCsvUrl} />
    ) : (
      <BatchFailedEmail {...base} />
    );
  const subject = batchEmailSubject({ outcome: payload.outcome, files: payload.files, rows: totals.rows, valid: totals.valid });
  return { subject, react, headers: links.headers };
}

function emailTotals({ stats }: BatchFinishedPayload): BatchEmailTotals {
  const verdict = (name: string) => stats.verdicts[name] ?? 0;
  return {
    rows: stats.rows,
    valid: verdict("valid"),
    risky: verdict("risky"),
    invalid: verdict("invalid"),
    duplicate: verdict("duplicate"),
    ...(stats.crossFileDuplicates ? { crossFileDuplicate: stats.crossFileDuplicates } : {}),
  };
}

/** The body of a batch outcome webhook, from the event's frozen snapshot (so a retry sends the same bytes). */
export function batchWebhookBody(input: { batchId: string; payload: BatchFinishedPayload; finishedAt: Date; appUrl: string }): BatchWebhookBody {
  const { payload } = input;
  return {
    type: webhookEventForOutcome(payload.outcome),
    timestamp: input.finishedAt.toISOString(),
    data: {
      batch_id: input.batchId,
      outcome: payload.outcome,
      uploaded_at: payload.uploadedAt,
      batch_url: `${input.appUrl}/batches/${encodeURIComponent(input.batchId)}`,
      files: payload.files.map((file) => ({ id: file.fileId, name: file.name, status: file.status, rows: file.rows, valid: file.valid, error: file.error })),
      totals: { files: payload.stats.files, rows: payload.stats.rows, verdicts: payload.stats.verdicts },
    },
  };
}
