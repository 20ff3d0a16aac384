"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/app/action-state";
import { apiTokenNameSchema } from "@/lib/api-tokens/api-token-format";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";

// The plaintext token travels back in this one response and is never readable again.
export const createApiTokenAction = userAction(z.object({ name: apiTokenNameSchema }), async ({ name }, user) => {
  const { token, apiToken } = await createApiToken(user.id, name);
  revalidatePath("/settings");
  return { ok: true, message: `Token “${apiToken.name}” created.`, data: { token, name: apiToken.name } };
});

export const revokeApiTokenAction = userAction(z.object({ tokenId: z.string().min(1).max(64) }), async ({ tokenId }, user) => {
  await revokeApiToken(user.id, tokenId);
  revalidatePath("/settings");
  return { ok: true, message: "Token revoked." };
});
