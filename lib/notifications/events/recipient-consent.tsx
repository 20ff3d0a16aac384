// The `recipient.consent_requested` event: a user named an address that is not their
// own on an upload, and that address has never been asked. Written with the batch in
// the upload's transaction (lib/recipient-consent/request-recipient-consent.ts), with
// the unique dedupe key `recipient-consent:<owner>:<address>`, so one owner can ask one
// address once, ever. It is one fixed email to that address — no file name, no batch
// title — with a signed link to answer (accept / refuse / never ask again) and a
// one-click refusal (List-Unsubscribe). Not in the bell, no webhook, never in a digest.
import { z } from "zod";
import RecipientConsentEmail from "../../../emails/recipient-consent";
import { consentActionUrl, consentPageUrl, createConsentToken } from "../../recipient-consent/consent-token";
import { unsubscribeHeaders } from "../../unsubscribe/unsubscribe-headers";
import type { ComposeContext, ComposedEmail } from "../compose/composed-email";
import { normalizeAddress } from "../deliveries/suppression";
import { decideDelivery } from "../rules/delivery-draft";
import { defineNotificationEvent } from "./notification-event-kind";

export const RECIPIENT_CONSENT = "recipient.consent_requested";

export const RECIPIENT_CONSENT_SUBJECT = "Someone wants to send you batch emails from Tidings";

export const recipientConsentPayloadSchema = z.object({
  /** The address asked (lower-cased). */
  email: z.string(),
  /** The owner's sign-in address when they asked, shown in the email. */
  ownerEmail: z.string(),
});

export type RecipientConsentPayload = z.infer<typeof recipientConsentPayloadSchema>;

export function recipientConsentDedupeKey(ownerUserId: string, email: string): string {
  return `recipient-consent:${ownerUserId}:${normalizeAddress(email)}`;
}

export const recipientConsentEvent = defineNotificationEvent<RecipientConsentPayload>({
  payload: recipientConsentPayloadSchema,
  plan: (event, payload, facts, now) => {
    const owner = facts.owners.get(event.userId);
    if (!owner) return [];
    // Sent at once unless the address is suppressed ("never ask again", a bounce, a
    // complaint); the upload's caps are its rate limit, not anyone's preferences.
    const draft = decideDelivery(event, owner, facts, now, { category: "recipient_consent", preferences: owner.preferences, countsCap: false })(
      "email",
      normalizeAddress(payload.email),
    );
    return [{ ...draft, context: { ...draft.context, extraRecipient: true } }];
  },
  extraAddresses: (payload) => [payload.email],
  composeEmail: (_event, payload, _category, context) => composeRecipientConsentEmail({ ...context, payload }),
  describe: () => null,
  foldIntoDigest: () => null,
  webhookBody: () => null,
});

/** A pure function of the payload and the delivery's frozen context: a retry renders the very same bytes. */
export function composeRecipientConsentEmail(input: ComposeContext & { payload: RecipientConsentPayload }): ComposedEmail {
  const token = createConsentToken({ email: input.payload.email, ownerUserId: input.ownerUserId }, undefined, input.decidedAt);
  const answerUrl = consentPageUrl(token, input.appUrl);
  const react = <RecipientConsentEmail ownerEmail={input.payload.ownerEmail} answerUrl={answerUrl} neverAskUrl={`${answerUrl}?choice=never`} />;
  // RFC 8058 one-click: the mail client's "unsubscribe" refuses this request.
  return { subject: RECIPIENT_CONSENT_SUBJECT, react, headers: { ...unsubscribeHeaders(consentActionUrl(token, input.appUrl)) } };
}
