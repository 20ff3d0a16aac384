// GET/POST /api/auth/* — Auth.js endpoints. A direct POST that asks for a sign-in
// link passes the same checks as the sign-in form: a valid address, then the rate limit.
import type { NextRequest } from "next/server";
import { handlers } from "@/app/auth";
import { MAGIC_LINK_PROVIDER_ID } from "@/lib/auth/magic-link";
import { emailAddressSchema } from "@/lib/auth/sign-in-input";
import { enforceSignInRateLimit } from "@/lib/auth/sign-in-rate-limit";
import { AppError } from "@/lib/errors";
import { withErrorResponses } from "@/lib/http/error-response";

export const GET = handlers.GET;

export const POST = withErrorResponses(async (request: Request) => {
  if (new URL(request.url).pathname.endsWith(`/signin/${MAGIC_LINK_PROVIDER_ID}`)) {
    const form = await request.clone().formData();
    const email = emailAddressSchema.safeParse(form.get("email"));
    if (!email.success) throw new AppError("validation_failed", email.error.issues[0]?.message ?? "Enter a valid email address.");
    await enforceSignInRateLimit({ email: email.data, headers: request.headers });
  }
  return handlers.POST(request as NextRequest);
});
