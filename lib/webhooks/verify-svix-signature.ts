// Verifies a webhook signed the Svix way (Resend's webhooks are). Svix is Standard
// Webhooks under `svix-*` header names: the HMAC and its checks live in
// standard-webhooks.ts, shared with the webhooks Tidings sends.
import { verifySignedMessage, WEBHOOK_TOLERANCE_SECONDS, type WebhookVerification, type WebhookVerificationFailure } from "./standard-webhooks";

/** How far svix-timestamp may be from our clock, either way, before a request is refused as a replay. */
export const SVIX_TOLERANCE_SECONDS = WEBHOOK_TOLERANCE_SECONDS;

export type SvixFailure = WebhookVerificationFailure;

export type SvixVerification = WebhookVerification;

type HeaderSource = { get(name: string): string | null };

/**
 * Checks the svix-id, svix-timestamp and svix-signature headers against the raw body.
 * `missing_headers` also covers a header that is present but not in Svix's format.
 */
export function verifySvixSignature(
  rawBody: string | Uint8Array,
  headers: HeaderSource,
  secret: string,
  now: Date = new Date(),
): SvixVerification {
  return verifySignedMessage(
    rawBody,
    { id: headers.get("svix-id"), timestamp: headers.get("svix-timestamp"), signature: headers.get("svix-signature") },
    secret,
    now,
  );
}
