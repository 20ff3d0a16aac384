// Signed unsubscribe tokens for the List-Unsubscribe links of non-transactional mail.
//
// token = base64url(payload JSON) + "." + base64url(HMAC-SHA256(key, first part))
//
// The key is derived from AUTH_SECRET with HKDF, so it is never the session secret
// itself, and each key has a short id (in the payload) so that tokens signed before a
// rotation still verify while the old secret is listed in AUTH_SECRET_PREVIOUS.
// Tokens do not expire: a link in an old email must keep working.
//
// The pure functions take the secrets as a parameter; without one they read env().
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "../env";

/** Categories a recipient can unsubscribe from; `all` is the global form. */
export const unsubscribeCategorySchema = z.enum(["batch_succeeded", "batch_failed", "digest", "results_expiring", "all"]);
export type UnsubscribeCategory = z.infer<typeof unsubscribeCategorySchema>;

export interface UnsubscribeSecrets {
  /** The current AUTH_SECRET: signs new tokens. */
  current: string;
  /** Older secrets whose tokens still verify. */
  previous?: readonly string[];
}

export interface UnsubscribeTokenInput {
  email: string;
  category: UnsubscribeCategory;
  /** The user who added this recipient (extra recipients) or the recipient's own user id. */
  ownerUserId?: string;
}

export type VerifiedUnsubscribeToken = {
  ok: true;
  email: string;
  category: UnsubscribeCategory;
  ownerUserId?: string;
  issuedAt: Date;
};

export type UnsubscribeTokenFailure = { ok: false; reason: "malformed" | "bad_signature" | "unknown_key" };

export class UnsubscribeTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsubscribeTokenError";
  }
}

const TOKEN_VERSION = 1;
const HKDF_INFO = "tidings/unsubscribe/v1";
const MIN_SECRET_LENGTH = 32;
/** Far above any real token (a 254-character address gives about 600): reject before any work. */
const MAX_TOKEN_LENGTH = 1024;
const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address");
const ownerSchema = z.string().min(1).max(128);

const inputSchema = z.object({
  email: emailSchema,
  category: unsubscribeCategorySchema,
  ownerUserId: ownerSchema.optional(),
});

/** Short keys keep the token (and so the link) short. */
const payloadSchema = z.strictObject({
  v: z.literal(TOKEN_VERSION),
  k: z.string().regex(/^[0-9a-f]{8}$/),
  e: emailSchema,
  c: unsubscribeCategorySchema,
  o: ownerSchema.optional(),
  t: z.number().int().nonnegative(),
});
type Payload = z.infer<typeof payloadSchema>;

interface DerivedKey {
  id: string;
  key: Buffer;
}

function deriveKey(secret: string): DerivedKey {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new UnsubscribeTokenError(`unsubscribe secrets must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), HKDF_INFO, 32));
  const id = createHash("sha256").update(key).digest("hex").slice(0, 8);
  return { id, key };
}

function sign(key: Buffer, encodedPayload: string): Buffer {
  return createHmac("sha256", key).update(encodedPayload, "ascii").digest();
}

/** Decodes base64url only in its canonical form, so no two strings decode to the same bytes. */
function decodeCanonical(part: string): Buffer | undefined {
  if (!BASE64URL.test(part)) return undefined;
  const bytes = Buffer.from(part, "base64url");
  return bytes.toString("base64url") === part ? bytes : undefined;
}

export function secretsFromEnv(): UnsubscribeSecrets {
  const settings = env();
  return { current: settings.AUTH_SECRET, previous: settings.AUTH_SECRET_PREVIOUS ?? [] };
}

/**
 * A token for one recipient address and one category. Throws for the transactional
 * `account` category, an unknown category or an invalid address: a caller bug, not input.
 */
export function createUnsubscribeToken(
  input: UnsubscribeTokenInput,
  secrets: UnsubscribeSecrets = secretsFromEnv(),
  now: Date = new Date(),
): string {
  if ((input.category as string) === "account") {
    throw new UnsubscribeTokenError("account emails are transactional: there is no unsubscribing from them");
  }
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    throw new UnsubscribeTokenError(
      `invalid unsubscribe token input: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  }
  const { id, key } = deriveKey(secrets.current);
  const payload: Payload = {
    v: TOKEN_VERSION,
    k: id,
    e: parsed.data.email,
    c: parsed.data.category,
    ...(parsed.data.ownerUserId === undefined ? {} : { o: parsed.data.ownerUserId }),
    t: Math.floor(now.getTime() / 1000),
  };
  const encodedPayload = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${encodedPayload}.${sign(key, encodedPayload).toString("base64url")}`;
}

/**
 * Checks a token from a link. Never throws on any input; the payload is trusted (and
 * validated with zod) only after its signature matched in constant time.
 */
export function verifyUnsubscribeToken(
  token: unknown,
  secrets: UnsubscribeSecrets = secretsFromEnv(),
): VerifiedUnsubscribeToken | UnsubscribeTokenFailure {
  const malformed = { ok: false, reason: "malformed" } as const;
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return malformed;
  const parts = token.split(".");
  if (parts.length !== 2) return malformed;
  const [encodedPayload, encodedSignature] = parts as [string, string];
  const signature = decodeCanonical(encodedSignature);
  const payloadBytes = decodeCanonical(encodedPayload);
  if (!signature || signature.length !== SIGNATURE_BYTES || !payloadBytes) return malformed;

  // The key id is read before the signature is checked: it only chooses which key to try.
  let keyId: unknown;
  try {
    const unverified: unknown = JSON.parse(payloadBytes.toString("utf8"));
    keyId = typeof unverified === "object" && unverified !== null ? (unverified as { k?: unknown }).k : undefined;
  } catch {
    return malformed;
  }
  if (typeof keyId !== "string" || !/^[0-9a-f]{8}$/.test(keyId)) return malformed;

  const candidates = [secrets.current, ...(secrets.previous ?? [])].map(deriveKey).filter((key) => key.id === keyId);
  if (candidates.length === 0) return { ok: false, reason: "unknown_key" };
  // Every candidate is checked (ids are 32 bits: two secrets could share one).
  let matched = false;
  for (const { key } of candidates) {
    if (timingSafeEqual(sign(key, encodedPayload), signature)) matched = true;
  }
  if (!matched) return { ok: false, reason: "bad_signature" };

  let payload: Payload;
  try {
    const result = payloadSchema.safeParse(JSON.parse(payloadBytes.toString("utf8")));
    if (!result.success) return malformed;
    payload = result.data;
  } catch {
    return malformed;
  }
  return {
    ok: true,
    email: payload.e,
    category: payload.c,
    ...(payload.o === undefined ? {} : { ownerUserId: payload.o }),
    issuedAt: new Date(payload.t * 1000),
  };
}
