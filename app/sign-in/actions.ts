"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/app/action-state";
import { signIn } from "@/app/auth";
import { MAGIC_LINK_PROVIDER_ID, magicLinkSendFailed } from "@/lib/auth/magic-link";
import { signInFormSchema } from "@/lib/auth/sign-in-input";
import { enforceSignInRateLimit } from "@/lib/auth/sign-in-rate-limit";
import { AppError } from "@/lib/errors";

export const requestSignInLink = publicAction(signInFormSchema, async ({ email, callbackUrl }) => {
  await enforceSignInRateLimit({ email, headers: await headers() });
  const next = await signIn(MAGIC_LINK_PROVIDER_ID, { email, redirectTo: callbackUrl, redirect: false });
  if (magicLinkSendFailed(String(next))) {
    throw new AppError("unavailable", "We couldn't send your sign-in email just now. Please try again in a few minutes.");
  }
  redirect(`/sign-in/check-email?${new URLSearchParams({ email })}`);
});
