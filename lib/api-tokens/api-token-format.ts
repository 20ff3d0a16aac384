// What a personal API token looks like and how it is stored. The plaintext exists
// only in the response that creates it; the database keeps its sha256.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** Says "Tidings" to secret scanners and to people who find one in a config file. */
export const API_TOKEN_PREFIX = "tdg_";
const TOKEN_BYTES = 32;
/** Enough to tell a person's tokens apart in a list, far too little to guess the rest. */
const SHOWN_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 4;

// 32 random bytes are 43 base64url characters.
const API_TOKEN_PATTERN = /^tdg_[A-Za-z0-9_-]{43}$/;

export const apiTokenNameSchema = z
  .string()
  .trim()
  .min(1, "Give the token a name, e.g. where it will be used.")
  .max(100, "A token name may be at most 100 characters.");

export type NewApiTokenSecret = { token: string; prefix: string; tokenHash: string };

export function generateApiToken(): NewApiTokenSecret {
  const token = `${API_TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString("base64url")}`;
  return { token, prefix: token.slice(0, SHOWN_PREFIX_LENGTH), tokenHash: hashApiToken(token) };
}

/** sha256, hex. A fast hash is right here: the token is 256 random bits, not a password. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return API_TOKEN_PATTERN.test(value);
}
