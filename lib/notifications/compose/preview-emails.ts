// Every email Tidings sends, rendered for one person to look at (Settings →
// Notifications → Preview). Each batch outcome email shows their latest batch that
// ended that way, the digest their batches of the last 24 hours, the reminder their
// batch expiring soonest; where they have none, the template's sample data. Nothing
// is sent or recorded.
import { createElement, type ReactElement } from "react";
import { z } from "zod";
import AdminAlertEmail from "../../../emails/admin-alert";
import BatchCompletedEmail from "../../../emails/batch-completed";
import BatchFailedEmail from "../../../emails/batch-failed";
import BatchPartialEmail from "../../../emails/batch-partial";
import DigestEmail, { type DigestBatch, type DigestEmailProps } from "../../../emails/digest";
import { formatCount } from "../../../emails/_components/format";
import MagicLinkEmail from "../../../emails/magic-link";
import RecipientConsentEmail from "../../../emails/recipient-consent";
import ResultsExpiringEmail, { type ResultsExpiringEmailProps } from "../../../emails/results-expiring";
import { adminAlertSubject } from "../../admin/compose-admin-alert";
import { isAdmin } from "../../admin/is-admin";
import { MAGIC_LINK_MAX_AGE_SECONDS } from "../../auth/magic-link";
import { batchFinishedPayload, composeBatchEmail } from "../events/batch-finished";
import { composeRecipientConsentEmail } from "../events/recipient-consent";
import { aggregateStats } from "../../batches/batch-stats";
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { renderEmail } from "../../email/render-email";
import { unsubscribeUrl } from "../../unsubscribe/unsubscribe-headers";
import { createUnsubscribeToken, type UnsubscribeCategory } from "../../unsubscribe/unsubscribe-token";
import { batchEmailSubject } from "./batch-email-subject";
import { digestEmailSubject } from "./digest-email-subject";
import { resultsExpiringEmailSubject } from "./results-expiring-email-subject";
import { categoryForOutcome, type BatchOutcome } from "../rules/evaluate-notification";
import { loadPreferences } from "../preferences/preference-store";

export const emailTemplateSchema = z.enum([
  "batch-completed",
  "batch-partial",
  "batch-failed",
  "digest",
  "results-expiring",
  "recipient-consent",
  "admin-alert",
  "magic-link",
]);
export type EmailTemplate = z.infer<typeof emailTemplateSchema>;

export const emailTemplateTitles: Record<EmailTemplate, string> = {
  "batch-completed": "Batch completed",
  "batch-partial": "Batch partly completed",
  "batch-failed": "Batch failed",
  digest: "Digest",
  "results-expiring": "Results expiring",
  "recipient-consent": "Request to an extra recipient",
  "admin-alert": "Admin alert",
  "magic-link": "Sign-in link",
};

export type EmailPreview = {
  template: EmailTemplate;
  title: string;
  subject: string;
  html: string;
  text: string;
  /** What filled it: "your batch contacts.csv", or "sample data". */
  source: string;
};

const SAMPLE = "sample data";
const DAY_MS = 24 * 60 * 60 * 1000;
// A busy API user can finish hundreds of batches a day; the preview needs only enough to look real.
const MAX_DIGEST_BATCHES = 50;

const batchSelect = {
  id: true,
  createdAt: true,
  expiresAt: true,
  files: { orderBy: { position: "asc" }, select: { id: true, originalName: true, status: true, summary: true, error: true } },
} satisfies Prisma.BatchSelect;

type Viewer = { userId: string; email: string; timeZone: string; appUrl: string; now: Date };
type Draft = { subject: string; react: ReactElement; source: string };
type PreviewBatch = Prisma.BatchGetPayload<{ select: typeof batchSelect }>;

/**
 * Subject, HTML and text of every template for `userId`, dates in their time zone.
 * Only their own batches are read; every unsubscribe link is a token for their own
 * address, so a preview never carries someone else's.
 */
/** Only admins get the admin alert: it is no one else's email. `adminEmails` is for tests, as in AdminCaller. */
export type PreviewOptions = { now?: Date; adminEmails?: readonly string[] };

export async function previewEmails(userId: string, appUrl: string, { now = new Date(), adminEmails }: PreviewOptions = {}): Promise<EmailPreview[]> {
  const batches = db().batch;
  const finishedFirst = [{ finishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }] as const;
  const latestWith = (status: BatchOutcome) =>
    batches.findFirst({ where: { userId, status }, orderBy: [...finishedFirst], select: batchSelect });
  const [user, preferences, completed, partial, failed, lastDay, expiring] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } }),
    loadPreferences(userId),
    latestWith("completed"),
    latestWith("partial"),
    latestWith("failed"),
    batches.findMany({
      where: { userId, status: { in: ["completed", "partial", "failed"] }, finishedAt: { gte: new Date(now.getTime() - DAY_MS) } },
      orderBy: [...finishedFirst],
      take: MAX_DIGEST_BATCHES,
      select: { ...batchSelect, status: true },
    }),
    // Results exist only where a file completed; a failed batch has nothing to download.
    batches.findFirst({
      where: { userId, status: { in: ["completed", "partial"] }, expiresAt: { gt: now } },
      orderBy: { expiresAt: "asc" },
      select: batchSelect,
    }),
  ]);
  const viewer: Viewer = { userId, email: user.email, timeZone: preferences.timeZone, appUrl: appUrl.replace(/\/+$/, ""), now };

  const drafts: Record<EmailTemplate, Draft> = {
    "batch-completed": batchDraft(viewer, "completed", completed),
    "batch-partial": batchDraft(viewer, "partial", partial),
    "batch-failed": batchDraft(viewer, "failed", failed),
    // Oldest first, as a digest lists them.
    digest: digestDraft(viewer, lastDay.toReversed()),
    "results-expiring": resultsExpiringDraft(viewer, expiring),
    "recipient-consent": recipientConsentDraft(viewer),
    "admin-alert": adminAlertDraft(viewer),
    "magic-link": magicLinkDraft(viewer),
  };
  const templates = emailTemplateSchema.options.filter((template) => template !== "admin-alert" || isAdmin(user.email, adminEmails));
  return Promise.all(
    templates.map(async (template) => {
      const { subject, react, source } = drafts[template];
      return { template, title: emailTemplateTitles[template], subject, ...(await renderEmail(react)), source };
    }),
  );
}

function batchDraft(viewer: Viewer, outcome: BatchOutcome, batch: PreviewBatch | null): Draft {
  const category = categoryForOutcome(outcome);
  if (batch) {
    const payload = batchFinishedPayload(outcome, batch, batch.files, aggregateStats(batch.files));
    const email = composeBatchEmail({
      batchId: batch.id,
      payload,
      recipient: viewer.email,
      category,
      ownerUserId: viewer.userId,
      timeZone: viewer.timeZone,
      decidedAt: viewer.now,
      appUrl: viewer.appUrl,
      forExtraRecipient: false,
    });
    return { subject: email.subject, react: email.react, source: `your batch ${batchTitle(batch.files.map((file) => file.originalName))}` };
  }
  // No batch of theirs ended this way: sample data, rather than their file names with invented failures.
  const own = { timeZone: viewer.timeZone, ...footer(viewer, category) };
  if (outcome === "failed") {
    const props = { ...BatchFailedEmail.PreviewProps, ...own };
    const subject = batchEmailSubject({ outcome, files: props.files, rows: 0, valid: 0 });
    return { subject, react: createElement(BatchFailedEmail, props), source: SAMPLE };
  }
  const props = { ...(outcome === "completed" ? BatchCompletedEmail : BatchPartialEmail).PreviewProps, ...own };
  const subject = batchEmailSubject({ outcome, files: props.files, rows: props.totals.rows, valid: props.totals.valid });
  const react = outcome === "completed" ? createElement(BatchCompletedEmail, props) : createElement(BatchPartialEmail, props);
  return { subject, react, source: SAMPLE };
}

function digestDraft(viewer: Viewer, batches: (PreviewBatch & { status: string })[]): Draft {
  const own = { timeZone: viewer.timeZone, ...footer(viewer, "digest") };
  const [first] = batches;
  const props: DigestEmailProps =
    first === undefined
      ? { ...DigestEmail.PreviewProps, ...own }
      : {
          windowStart: new Date(viewer.now.getTime() - DAY_MS),
          windowEnd: viewer.now,
          batches: batches.map((batch): DigestBatch => {
            const stats = aggregateStats(batch.files);
            return {
              batchId: batch.id,
              batchUrl: batchUrl(viewer, batch.id),
              uploadedAt: batch.createdAt,
              outcome: batch.status === "completed" || batch.status === "partial" ? batch.status : "failed",
              fileNames: batch.files.map((file) => file.originalName),
              failedFiles: stats.files.failed,
              rows: stats.rows,
              valid: stats.verdicts.valid ?? 0,
            };
          }),
          batchesUrl: `${viewer.appUrl}/dashboard`,
          ...own,
        };
  // The subject the digest event (lib/notifications/events/digest.tsx) sends.
  const subject = digestEmailSubject({ batches: props.batches, expiring: props.expiring ?? [] });
  const source =
    first === undefined
      ? SAMPLE
      : batches.length === 1
        ? `your batch ${batchTitle(first.files.map((file) => file.originalName))}`
        : `your ${formatCount(batches.length)} batches of the last 24 hours`;
  return { subject, react: createElement(DigestEmail, props), source };
}

function resultsExpiringDraft(viewer: Viewer, batch: PreviewBatch | null): Draft {
  const own = { timeZone: viewer.timeZone, ...footer(viewer, "results_expiring") };
  let props: ResultsExpiringEmailProps = { ...ResultsExpiringEmail.PreviewProps, ...own };
  if (batch) {
    const completed = batch.files.filter((file) => file.status === "completed");
    const onlyFile = completed.length === 1 ? completed[0] : undefined;
    props = {
      batchId: batch.id,
      batchUrl: batchUrl(viewer, batch.id),
      // The same rule as the batch emails: one file links its cleaned CSV, several the batch page.
      downloadUrl: onlyFile ? `${viewer.appUrl}/api/batches/${batch.id}/files/${onlyFile.id}/cleaned` : batchUrl(viewer, batch.id),
      fileNames: batch.files.map((file) => file.originalName),
      uploadedAt: batch.createdAt,
      deletesAt: batch.expiresAt,
      ...own,
    };
  }
  // The subject the results-expiring event (lib/notifications/events/results-expiring.tsx) sends.
  const subject = resultsExpiringEmailSubject(props, viewer.timeZone);
  const source = batch ? `your batch ${batchTitle(props.fileNames)}` : SAMPLE;
  return { subject, react: createElement(ResultsExpiringEmail, props), source };
}

/**
 * What an address the viewer names at upload gets first. The asker is the sample one;
 * the links are a consent token for the viewer's own address, for which no request
 * exists: clicking them changes nothing.
 */
function recipientConsentDraft(viewer: Viewer): Draft {
  const email = composeRecipientConsentEmail({
    payload: { email: viewer.email, ownerEmail: RecipientConsentEmail.PreviewProps.ownerEmail },
    recipient: viewer.email,
    ownerUserId: viewer.userId,
    timeZone: viewer.timeZone,
    decidedAt: viewer.now,
    forExtraRecipient: true,
    appUrl: viewer.appUrl,
  });
  return { subject: email.subject, react: email.react, source: SAMPLE };
}

function adminAlertDraft(viewer: Viewer): Draft {
  const props = { ...AdminAlertEmail.PreviewProps, timeZone: viewer.timeZone };
  return {
    // The subject lib/admin sends with these props.
    subject: adminAlertSubject(props),
    react: createElement(AdminAlertEmail, props),
    source: SAMPLE,
  };
}

function magicLinkDraft(viewer: Viewer): Draft {
  // A link that cannot sign anyone in, and says so if someone copies it.
  const url = new URL("/sign-in/confirm", viewer.appUrl);
  url.searchParams.set("token", "preview-not-a-real-sign-in-link");
  url.searchParams.set("email", viewer.email);
  const props = { url: url.toString(), host: url.host, expiresInHours: MAGIC_LINK_MAX_AGE_SECONDS / 3600 };
  // The subject lib/auth/magic-link.ts sends.
  return { subject: "Your Tidings sign-in link", react: createElement(MagicLinkEmail, props), source: SAMPLE };
}

/** Footer links for the viewer's own address, so clicking "Unsubscribe" in a preview only ever affects them. */
function footer(viewer: Viewer, category: Exclude<UnsubscribeCategory, "all">) {
  const token = createUnsubscribeToken({ email: viewer.email, category, ownerUserId: viewer.userId }, undefined, viewer.now);
  return { unsubscribeUrl: unsubscribeUrl(token, viewer.appUrl), preferencesUrl: `${viewer.appUrl}/settings/notifications` };
}

function batchUrl(viewer: Viewer, batchId: string): string {
  return `${viewer.appUrl}/batches/${batchId}`;
}

/** "contacts.csv", "contacts.csv and 2 more": how the emails name a batch. */
function batchTitle(fileNames: readonly string[]): string {
  const [first] = fileNames;
  if (first === undefined) return "a batch without files";
  return fileNames.length === 1 ? first : `${first} and ${formatCount(fileNames.length - 1)} more`;
}
