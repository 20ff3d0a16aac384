// Signed link tokens, the way unsubscribe links are signed (lib/unsubscribe/unsubscribe-token.ts):
//
// token = base64url(payload JSON) + "." + base64url(HMAC-SHA256(key, first part))
//
// Each purpose derives its own key from AUTH_SECRET with HKDF (the `info` names the
// purpose), so a token made for one kind of link never verifies as another. Each key
// has a short id in the payload (`k`), so tokens signed before a rotation still verify
// while the old secret is listed in AUTH_SECRET_PREVIOUS.
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { env } from "../env";

export interface LinkSecrets {
  /** The current AUTH_SECRET: signs new tokens. */
  current: string;
  /** Older secrets whose tokens still verify. */
  previous?: readonly string[];
}

export type SignedTokenFailure = { ok: false; reason: "malformed" | "bad_signature" | "unknown_key" };

const MIN_SECRET_LENGTH = 32;
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KEY_ID = /^[0-9a-f]{8}$/;

export function linkSecretsFromEnv(): LinkSecrets {
  const settings = env();
  return { current: settings.AUTH_SECRET, previous: settings.AUTH_SECRET_PREVIOUS ?? [] };
}

function deriveKey(secret: string, info: string): { id: string; key: Buffer } {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) throw new Error(`link secrets must be at least ${MIN_SECRET_LENGTH} characters`);
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), info, 32));
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

const sign = (key: Buffer, encodedPayload: string) => createHmac("sha256", key).update(encodedPayload, "ascii").digest();

/** Decodes base64url only in its canonical form, so no two strings decode to the same bytes. */
function decodeCanonical(part: string): Buffer | undefined {
  if (!BASE64URL.test(part)) return undefined;
  const bytes = Buffer.from(part, "base64url");
  return bytes.toString("base64url") === part ? bytes : undefined;
}

/** Signs `payload` (with the key id `k` in front) for the purpose `info`. */
export function signToken(info: string, payload: Record<string, unknown> & { k?: never }, secrets: LinkSecrets): string {
  const { id, key } = deriveKey(secrets.current, info);
  const encodedPayload = Buffer.from(JSON.stringify({ k: id, ...payload }), "utf8").toString("base64url");
  return `${encodedPayload}.${sign(key, encodedPayload).toString("base64url")}`;
}

/**
 * Checks a token for the purpose `info`. Never throws on any input; the payload is
 * parsed by `schema` only after its signature matched in constant time.
 */
export function verifyToken<T>(info: string, token: unknown, schema: z.ZodType<T>, secrets: LinkSecrets, maxLength = 1024): { ok: true; payload: T } | SignedTokenFailure {
  const malformed = { ok: false, reason: "malformed" } as const;
  if (typeof token !== "string" || token.length === 0 || token.length > maxLength) return malformed;
  const parts = token.split(".");
  if (parts.length !== 2) return malformed;
  const [encodedPayload, encodedSignature] = parts as [string, string];
  const signature = decodeCanonical(encodedSignature);
  const payloadBytes = decodeCanonical(encodedPayload);
  if (!signature || signature.length !== SIGNATURE_BYTES || !payloadBytes) return malformed;

  let unverified: unknown;
  try {
    unverified = JSON.parse(payloadBytes.toString("utf8"));
  } catch {
    return malformed;
  }
  // The key id is read before the signature is checked: it only chooses which key to try.
  const keyId = typeof unverified === "object" && unverified !== null ? (unverified as { k?: unknown }).k : undefined;
  if (typeof keyId !== "string" || !KEY_ID.test(keyId)) return malformed;
  const candidates = [secrets.current, ...(secrets.previous ?? [])].map((secret) => deriveKey(secret, info)).filter((key) => key.id === keyId);
  if (candidates.length === 0) return { ok: false, reason: "unknown_key" };
  // Every candidate is checked (ids are 32 bits: two secrets could share one).
  let matched = false;
  for (const { key } of candidates) if (timingSafeEqual(sign(key, encodedPayload), signature)) matched = true;
  if (!matched) return { ok: false, reason: "bad_signature" };

  const parsed = schema.safeParse(unverified);
  return parsed.success ? { ok: true, payload: parsed.data } : malformed;
}
