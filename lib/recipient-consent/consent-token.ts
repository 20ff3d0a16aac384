// The signed link in a consent request: one owner × one address, for answering that
// one request (accept, refuse, never ask again) without signing in. Its key is its own
// (HKDF purpose "tidings/recipient-consent/v1"), so an unsubscribe token is never a
// consent token nor the other way round. Tokens do not expire: the person may answer
// weeks later, and the answer is theirs to undo.
import { z } from "zod";
import { linkSecretsFromEnv, signToken, verifyToken, type LinkSecrets, type SignedTokenFailure } from "../signed-links/signed-token";

const PURPOSE = "tidings/recipient-consent/v1";
const TOKEN_VERSION = 1;

const emailSchema = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+$/, "must be an email address");
const ownerSchema = z.string().min(1).max(128);

const payloadSchema = z.strictObject({
  v: z.literal(TOKEN_VERSION),
  k: z.string(),
  e: emailSchema,
  o: ownerSchema,
  t: z.number().int().nonnegative(),
});

/** One consent request: an owner and the address they named. */
export type ConsentSubject = Readonly<{ email: string; ownerUserId: string }>;
export type VerifiedConsentToken = { ok: true; email: string; ownerUserId: string; issuedAt: Date };

/** Throws for an invalid address or owner: a caller bug, not input. */
export function createConsentToken(subject: ConsentSubject, secrets: LinkSecrets = linkSecretsFromEnv(), now: Date = new Date()): string {
  const email = emailSchema.parse(subject.email);
  const ownerUserId = ownerSchema.parse(subject.ownerUserId);
  return signToken(PURPOSE, { v: TOKEN_VERSION, e: email, o: ownerUserId, t: Math.floor(now.getTime() / 1000) }, secrets);
}

/** Never throws; tampered, truncated, foreign-purpose and unknown-key tokens are refused. */
export function verifyConsentToken(token: unknown, secrets: LinkSecrets = linkSecretsFromEnv()): VerifiedConsentToken | SignedTokenFailure {
  const verified = verifyToken(PURPOSE, token, payloadSchema, secrets);
  if (!verified.ok) return verified;
  const { e, o, t } = verified.payload;
  return { ok: true, email: e, ownerUserId: o, issuedAt: new Date(t * 1000) };
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The page where the request is answered: `${APP_URL}/r/${token}`. */
export function consentPageUrl(token: string, appUrl: string): string {
  if (!TOKEN_PATTERN.test(token)) throw new Error("not a consent token");
  return `${appUrl.replace(/\/+$/, "")}/r/${token}`;
}

/** Where POSTs go (the page's buttons and a mail client's one-click refusal). */
export function consentActionUrl(token: string, appUrl: string): string {
  if (!TOKEN_PATTERN.test(token)) throw new Error("not a consent token");
  return `${appUrl.replace(/\/+$/, "")}/api/recipient-consent/${token}`;
}
