"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/app/action-state";
import { signIn } from "@/app/auth";
import { MAGIC_LINK_PROVIDER_ID } from "@/lib/auth/magic-link";
import { signInFormSchema } from "@/lib/auth/sign-in-input";
import { enforceSignInRateLimit } from "@/lib/auth/sign-in-rate-limit";
import { AppError } from "@/lib/errors";

export const requestSignInLink = publicAction(signInFormSchema, async ({ email, callbackUrl }) => {
  await enforceSignInRateLimit({ email, headers: await headers() });
  // Auth.js reports a failure to send (provider down, refused) as a redirect to its
  // error page rather than by throwing; the person must not be told "check your email".
  const next = await signIn(MAGIC_LINK_PROVIDER_ID, { email, redirectTo: callbackUrl, redirect: false });
  if (new URL(String(next), "http://x").searchParams.has("error")) {
    throw new AppError("unavailable", "We couldn't send your sign-in email just now. Please try again in a few minutes.");
  }
  redirect(`/sign-in/check-email?${new URLSearchParams({ email })}`);
});
