// Create a personal API token. The plaintext is returned here, once; only its
// hash is stored, so it can never be shown again.
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";
import { apiTokenNameSchema, generateApiToken } from "./api-token-format";
import { toApiTokenView, type ApiTokenView } from "./api-token-view";

/** Active (unrevoked) tokens one person may hold: plenty for real use, a bound on abuse. */
export const MAX_ACTIVE_API_TOKENS = 20;

export async function createApiToken(userId: string, name: string): Promise<{ token: string; apiToken: ApiTokenView }> {
  const tokenName = apiTokenNameSchema.parse(name);
  const secret = generateApiToken();
  const created = await db().$transaction(async (tx) => {
    // Locking the person's row makes count-then-insert safe against two creates at once.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
    const active = await tx.apiToken.count({ where: { userId, revokedAt: null } });
    if (active >= MAX_ACTIVE_API_TOKENS) {
      throw new AppError("conflict", `You already have ${MAX_ACTIVE_API_TOKENS} active API tokens. Revoke one you no longer use first.`, {
        limit: MAX_ACTIVE_API_TOKENS,
      });
    }
    return tx.apiToken.create({ data: { userId, name: tokenName, prefix: secret.prefix, tokenHash: secret.tokenHash } });
  });
  log.info({ event: "api_token.created", userId, tokenId: created.id }, "API token created");
  return { token: secret.token, apiToken: toApiTokenView(created) };
}
