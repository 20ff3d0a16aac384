// GET/POST /api/auth/* — Auth.js endpoints. Direct POSTs that request a sign-in
// link pass the same rate limit as the sign-in form.
import { handlers } from "@/app/auth";
import { enforceSignInRateLimit } from "@/lib/auth/sign-in-rate-limit";
import { emailAddressSchema } from "@/lib/auth/sign-in-input";
import { MAGIC_LINK_PROVIDER_ID } from "@/lib/auth/magic-link";
import { clientIp } from "@/lib/http/client-ip";
import { withErrorResponses } from "@/lib/http/error-response";
import type { NextRequest } from "next/server";

export const GET = handlers.GET;

export const POST = withErrorResponses(async (request: Request) => {
  if (new URL(request.url).pathname.endsWith(`/signin/${MAGIC_LINK_PROVIDER_ID}`)) {
    const form = await request.clone().formData();
    const email = emailAddressSchema.safeParse(form.get("email"));
    if (email.success) await enforceSignInRateLimit({ email: email.data, ip: clientIp(request.headers) });
  }
  return handlers.POST(request as NextRequest);
});
