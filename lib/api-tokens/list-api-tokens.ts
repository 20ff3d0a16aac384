import { db } from "../db/client";
import { toApiTokenView, type ApiTokenView } from "./api-token-view";

/** A person's active tokens, newest first. Revoked ones are gone as far as they are concerned. */
export async function listApiTokens(userId: string): Promise<ApiTokenView[]> {
  const tokens = await db().apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return tokens.map(toApiTokenView);
}
