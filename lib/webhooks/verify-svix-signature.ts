// Verifies a webhook signed the Svix way (Resend's webhooks are): an HMAC-SHA256 of
// `${svix-id}.${svix-timestamp}.${raw body}` keyed with the secret after "whsec_".
// The raw body, not re-serialised JSON: one changed byte must fail.
import { createHmac, timingSafeEqual } from "node:crypto";

/** How far svix-timestamp may be from our clock, either way, before a request is refused as a replay. */
export const SVIX_TOLERANCE_SECONDS = 5 * 60;

export type SvixFailure = "missing_headers" | "bad_signature" | "stale_timestamp";

export type SvixVerification = { ok: true; id: string; timestamp: Date } | { ok: false; reason: SvixFailure };

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
  const id = headers.get("svix-id")?.trim();
  const timestampText = headers.get("svix-timestamp")?.trim();
  const signatureHeader = headers.get("svix-signature")?.trim();
  if (!id || !timestampText || !signatureHeader || !/^\d{1,12}$/.test(timestampText)) {
    return { ok: false, reason: "missing_headers" };
  }

  const timestampSeconds = Number(timestampText);
  if (Math.abs(now.getTime() / 1000 - timestampSeconds) > SVIX_TOLERANCE_SECONDS) {
    return { ok: false, reason: "stale_timestamp" };
  }

  const expected = createHmac("sha256", signingKey(secret))
    .update(`${id}.${timestampText}.`)
    .update(rawBody)
    .digest();
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

function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}
