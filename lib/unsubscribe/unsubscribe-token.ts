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
// Signing and checking are lib/signed-links/signed-token.ts, shared with consent links.
import { z } from "zod";
import { linkSecretsFromEnv, signToken, verifyToken, type LinkSecrets, type SignedTokenFailure } from "../signed-links/signed-token";

/** Categories a recipient can unsubscribe from; `all` is the global form. */
export const unsubscribeCategorySchema = z.enum(["batch_succeeded", "batch_failed", "digest", "results_expiring", "all"]);
export type UnsubscribeCategory = z.infer<typeof unsubscribeCategorySchema>;

export type UnsubscribeSecrets = LinkSecrets;

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

export type UnsubscribeTokenFailure = SignedTokenFailure;

export class UnsubscribeTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsubscribeTokenError";
  }
}

const TOKEN_VERSION = 1;
const HKDF_INFO = "tidings/unsubscribe/v1";

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

/** Short keys keep the token (and so the link) short; `k` is the signing key's id (lib/signed-links). */
const payloadSchema = z.strictObject({
  v: z.literal(TOKEN_VERSION),
  k: z.string(),
  e: emailSchema,
  c: unsubscribeCategorySchema,
  o: ownerSchema.optional(),
  t: z.number().int().nonnegative(),
});

export function secretsFromEnv(): UnsubscribeSecrets {
  return linkSecretsFromEnv();
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
  const payload = {
    v: TOKEN_VERSION,
    e: parsed.data.email,
    c: parsed.data.category,
    ...(parsed.data.ownerUserId === undefined ? {} : { o: parsed.data.ownerUserId }),
    t: Math.floor(now.getTime() / 1000),
  };
  return signToken(HKDF_INFO, payload, secrets);
}

/**
 * Checks a token from a link. Never throws on any input; the payload is trusted (and
 * validated with zod) only after its signature matched in constant time.
 */
export function verifyUnsubscribeToken(
  token: unknown,
  secrets: UnsubscribeSecrets = secretsFromEnv(),
): VerifiedUnsubscribeToken | UnsubscribeTokenFailure {
  const verified = verifyToken(HKDF_INFO, token, payloadSchema, secrets);
  if (!verified.ok) return verified;
  const payload = verified.payload;
  return {
    ok: true,
    email: payload.e,
    category: payload.c,
    ...(payload.o === undefined ? {} : { ownerUserId: payload.o }),
    issuedAt: new Date(payload.t * 1000),
  };
}
