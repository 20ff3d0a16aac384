// POST /api/webhooks/resend — Resend's delivery feedback (signed by Svix): delivered, bounced, complained.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withErrorResponses } from "@/lib/http/error-response";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { applyProviderEvent, parseProviderEvent } from "@/lib/notifications/deliveries/apply-provider-event";
import { type SvixFailure, verifySvixSignature } from "@/lib/webhooks/verify-svix-signature";

export const dynamic = "force-dynamic";

// Resend's events are a few KB; anything near this is not one of them.
const MAX_BODY_BYTES = 256 * 1024;

const REFUSALS: Record<SvixFailure, () => AppError> = {
  missing_headers: () => new AppError("invalid_signature", "The svix-id, svix-timestamp and svix-signature headers are required."),
  bad_signature: () => new AppError("invalid_signature", "The signature does not match."),
  stale_timestamp: () => new AppError("stale_webhook", "The svix-timestamp is more than 5 minutes from now: a replay, or a clock far off."),
};

export const POST = withErrorResponses(async (request) => {
  const secret = env().RESEND_WEBHOOK_SECRET;
  // Without a secret nothing could be verified: the endpoint does not exist.
  if (!secret) throw new AppError("not_found", "Not found.");

  const rawBody = await readLimitedBody(request, MAX_BODY_BYTES);
  const verification = verifySvixSignature(rawBody, request.headers, secret);
  if (!verification.ok) throw REFUSALS[verification.reason]();

  const outcome = await applyProviderEvent(verification.id, parseProviderEvent(rawBody));
  return Response.json({ received: true, ...(outcome === "duplicate" ? { duplicate: true } : {}) }, { headers: { "cache-control": "no-store" } });
});
