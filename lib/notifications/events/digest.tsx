// The `digest` event: one per inbox per digest window (the owner's, or that of an
// extra recipient the owner named at upload), written with marking the deliveries it
// carries (lib/notifications/scheduled/assemble-digests.ts). Its payload is a frozen
// snapshot of what those deliveries were about, so the digest email renders the same
// bytes on every retry, even after the batches were retried or deleted. It goes to
// email and the bell; it is the cap's overflow, so it is never capped nor folded again.
import { z } from "zod";
import DigestEmail, { type DigestEmailProps } from "../../../emails/digest";
import { type ComposeContext, type ComposedEmail } from "../compose/composed-email";
import { digestEmailSubject } from "../compose/digest-email-subject";
import { footerLinks } from "../compose/email-footer-links";
import { normalizeAddress } from "../deliveries/suppression";
import { recipientPreferences } from "../preferences/recipient-preferences";
import { consentKey, extraRecipientGate } from "../../recipient-consent/consent-rules";
import { decideDelivery, heldForConsent, planForOwner, type DeliveryDraft, type EventRow, type Facts } from "../rules/delivery-draft";
import { digestBatchSchema, digestExpiringSchema } from "./digest-snapshots";
import { defineNotificationEvent } from "./notification-event-kind";

export const DIGEST = "digest";

export const digestPayloadSchema = z.object({
  /** An extra recipient whose emails the daily cap held back; absent when the digest is the owner's own. */
  recipient: z.string().optional(),
  /** The digest window; starts earlier when a delivery from an earlier window waited for this one. */
  windowStart: z.iso.datetime(),
  windowEnd: z.iso.datetime(),
  /** Oldest first. */
  batches: z.array(digestBatchSchema),
  expiring: z.array(digestExpiringSchema),
});

export type DigestPayload = z.infer<typeof digestPayloadSchema>;

/** One digest per inbox per window, whoever runs the job and however often. */
export function digestDedupeKey(userId: string, windowEnd: Date, recipient?: string): string {
  return recipient === undefined ? `digest:${userId}:${windowEnd.toISOString()}` : `digest:${userId}:${recipient}:${windowEnd.toISOString()}`;
}

export const digestEvent = defineNotificationEvent<DigestPayload>({
  payload: digestPayloadSchema,
  plan: planDigest,
  extraAddresses: (payload) => (payload.recipient === undefined ? [] : [payload.recipient]),
  composeEmail: (_event, payload, _category, context) => composeDigestEmail({ ...context, payload }),
  // A digest is about many batches: the bell shows each of them already.
  describe: () => null,
  foldIntoDigest: () => null,
  webhookBody: () => null,
});

/**
 * The digest: the emails that digest mode or the daily cap held back. Its email
 * switch is on by default, so nothing the person asked for is lost; turning it off
 * (in settings, or with the digest's own unsubscribe link) is an explicit choice, and
 * the held-back notifications then stay in the delivery log and the bell only. It
 * is the cap's overflow: not counted against the cap nor folded again; quiet hours
 * defer it and suppression holds it back like any other email.
 */
function planDigest(event: EventRow, payload: DigestPayload, facts: Facts, now: Date): DeliveryDraft[] {
  const owner = facts.owners.get(event.userId);
  if (!owner || payload.batches.length + payload.expiring.length === 0) return [];
  const recipient = payload.recipient === undefined ? owner.email : normalizeAddress(payload.recipient);
  if (recipient !== owner.email) {
    // Someone who refused since their emails were folded: the digest's file names wait for them to accept again.
    const consent = extraRecipientGate(facts.recipientConsents.get(consentKey(owner.id, recipient)));
    if (!consent.allowed && !facts.suppressed.has(recipient)) return [heldForConsent(event, owner, recipient, "digest", consent.reason)];
    // Their own digest: by their rules, to their inbox only (the owner's bell showed each batch already).
    const preferences = recipientPreferences(facts.optOuts, recipient, owner.id, owner.preferences.timeZone);
    return [decideDelivery(event, owner, facts, now, { category: "digest", preferences, countsCap: false })("email", recipient)];
  }
  return planForOwner(event, owner, facts, now, { category: "digest", preferences: owner.preferences, countsCap: false });
}

function composeDigestEmail(input: ComposeContext & { payload: DigestPayload }): ComposedEmail {
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

