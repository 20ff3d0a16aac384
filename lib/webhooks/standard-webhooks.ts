// Standard Webhooks (https://www.standardwebhooks.com) signing and verification:
// `webhook-signature: v1,<base64 HMAC-SHA256(key, "${id}.${timestamp}.${body}")>`,
// keyed with the base64 bytes after "whsec_". Svix (and so Resend) signs the same way
// under `svix-*` header names, so verify-svix-signature.ts uses this code too.
// The raw body, never re-serialised JSON: one changed byte must fail.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** How far a webhook's timestamp may be from our clock, either way, before it counts as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** 32 random bytes: the spec asks for 24 to 64. */
const SECRET_BYTES = 32;
const SECRET_PREFIX = "whsec_";

export const webhookSecretSchema = z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be whsec_ followed by base64");

/** A new signing secret, `whsec_<base64>`, in the format receivers' libraries expect. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString("base64")}`;
}

function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

/** The raw HMAC of one message; `timestamp` is unix seconds as sent in the header. */
function hmac(secret: string, id: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac("sha256", signingKey(secret)).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The `webhook-signature` value for one message: "v1,<base64>". */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string | Uint8Array): string {
  return `v1,${hmac(secret, id, String(timestampSeconds), body).toString("base64")}`;
}

export type StandardWebhookHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

/** The three headers of a request carrying `body`, signed now (a retry gets a fresh timestamp and signature). */
export function standardWebhookHeaders(secret: string, id: string, body: string, now: Date = new Date()): StandardWebhookHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, id, timestamp, body) };
}

export type WebhookVerificationFailure = "missing_headers" | "bad_signature" | "stale_timestamp";
export type WebhookVerification = { ok: true; id: string; timestamp: Date } | { ok: false; reason: WebhookVerificationFailure };

/** The id, timestamp and signature header values, whatever the headers are called. */
export type SignedMessageHeaders = { id?: string | null; timestamp?: string | null; signature?: string | null };

/**
 * Checks a message's signature against the raw body. `missing_headers` also covers
 * a header that is present but not in the expected format.
 */
export function verifySignedMessage(
  rawBody: string | Uint8Array,
  headers: SignedMessageHeaders,
  secret: string,
  now: Date = new Date(),
): WebhookVerification {
  const id = headers.id?.trim();
  const timestampText = headers.timestamp?.trim();
  const signatureHeader = headers.signature?.trim();
  if (!id || !timestampText || !signatureHeader || !/^\d{1,12}$/.test(timestampText)) {
    return { ok: false, reason: "missing_headers" };
  }

  const timestampSeconds = Number(timestampText);
  if (Math.abs(now.getTime() / 1000 - timestampSeconds) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: "stale_timestamp" };
  }

  const expected = hmac(secret, id, timestampText, rawBody);
  // Several signatures while a secret rotates: "v1,<base64> v1,<base64>"; one match is enough.
  const matches = signatureHeader.split(" ").some((entry) => {
    const [version, signature] = entry.split(",", 2);
    if (version !== "v1" || !signature) return false;
    const candidate = Buffer.from(signature, "base64");
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  if (!matches) return { ok: false, reason: "bad_signature" };
  return { ok: true, id, timestamp: new Date(timestampSeconds * 1000) };
}

type HeaderSource = { get(name: string): string | null };

/** Verifies a request signed with the standard `webhook-*` headers (what Tidings sends). */
export function verifyStandardWebhook(rawBody: string | Uint8Array, headers: HeaderSource, secret: string, now: Date = new Date()): WebhookVerification {
  return verifySignedMessage(
    rawBody,
    { id: headers.get("webhook-id"), timestamp: headers.get("webhook-timestamp"), signature: headers.get("webhook-signature") },
    secret,
    now,
  );
}
