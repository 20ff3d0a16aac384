// `Authorization: Bearer tdg_…` → the person the token belongs to, or a 401 that
// says what is wrong. Never logs the token.
import type { User } from "../auth/user";
import { db } from "../db/client";
import { AppError } from "../errors";
import { hashApiToken, looksLikeApiToken } from "./api-token-format";

/** The token's owner, and which of their tokens it was. */
export type ApiTokenOwner = User & { tokenId: string };

// Recording every request would turn each read into a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

const HOW_TO = "Send `Authorization: Bearer <token>` with a token from Settings → API tokens.";

function bearerToken(authorization: string | null): string {
  if (!authorization?.trim()) throw new AppError("unauthorized", `This request has no API token. ${HOW_TO}`);
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization.trim());
  if (!match?.[1]) throw new AppError("unauthorized", `The Authorization header is not a bearer token. ${HOW_TO}`);
  if (!looksLikeApiToken(match[1])) {
    throw new AppError("unauthorized", "The bearer token is not a Tidings API token (they start with `tdg_`). Check that it was copied whole.");
  }
  return match[1];
}

export async function authenticateApiToken(authorization: string | null, now = new Date()): Promise<ApiTokenOwner> {
  const token = bearerToken(authorization);
  // Looked up by its hash through a unique index: nothing compares the secret itself
  // byte by byte, so response timing tells an attacker nothing about the token.
  const found = await db().apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true } } },
  });
  if (!found) throw new AppError("unauthorized", "This API token is not valid. It may have been mistyped, or its account deleted.");
  if (found.revokedAt) throw new AppError("unauthorized", "This API token has been revoked. Create a new one under Settings → API tokens.");

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!found.lastUsedAt || found.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests with the same token write once.
    await db().apiToken.updateMany({
      where: { id: found.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: found.user.id, email: found.user.email, tokenId: found.id };
}
