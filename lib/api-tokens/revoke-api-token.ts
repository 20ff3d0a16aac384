// Revoke one of a person's tokens; requests with it are refused from now on.
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";

/** Idempotent for the owner; someone else's token is "not found", like one that never existed. */
export async function revokeApiToken(userId: string, tokenId: string): Promise<void> {
  const { count } = await db().apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) {
    const owned = await db().apiToken.count({ where: { id: tokenId, userId } });
    if (owned === 0) throw new AppError("not_found", "No API token with that id.");
    return;
  }
  log.info({ event: "api_token.revoked", userId, tokenId }, "API token revoked");
}
