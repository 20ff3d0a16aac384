"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/app/action-state";
import { signIn } from "@/app/auth";
import { MAGIC_LINK_PROVIDER_ID } from "@/lib/auth/magic-link";
import { signInFormSchema } from "@/lib/auth/sign-in-input";
import { enforceSignInRateLimit } from "@/lib/auth/sign-in-rate-limit";
import { clientIp } from "@/lib/http/client-ip";

export const requestSignInLink = publicAction(signInFormSchema, async ({ email, callbackUrl }) => {
  await enforceSignInRateLimit({ email, ip: clientIp(await headers()) });
  await signIn(MAGIC_LINK_PROVIDER_ID, { email, redirectTo: callbackUrl, redirect: false });
  redirect(`/sign-in/check-email?${new URLSearchParams({ email })}`);
});
