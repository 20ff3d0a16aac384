// Every POST to /u/<token>: the one-click request a mail client sends (RFC 8058) and
// the buttons of the unsubscribe page. The one-click answer is 200 with an empty body
// and never a redirect; a page button answers 303 back to the page, which then says
// what happened.
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { clientIp } from "../http/client-ip";
import { log, maskEmail } from "../log";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";
import { resubscribe, unsubscribe } from "./manage-subscription";
import { unsubscribePageIntentSchema, type UnsubscribePageDone, type UnsubscribePageIntent } from "./unsubscribe-page-intent";
import { verifyUnsubscribeToken, type VerifiedUnsubscribeToken } from "./unsubscribe-token";

/** Mail providers send one-click requests from shared servers: generous per IP, still bounded. */
const REQUESTS_PER_IP_PER_MINUTE = 300;
/** A one-click body is one short field; anything far larger is not one. */
const MAX_BODY_BYTES = 16 * 1024;

export async function handleUnsubscribePost(request: Request, token: string): Promise<Response> {
  await enforceRateLimit(request.headers);
  const verified = verifyUnsubscribeToken(token);
  if (!verified.ok) {
    throw new AppError("bad_request", "This unsubscribe link is not valid: it may be cut short or changed. Use the link from the email as it is.", {
      reason: verified.reason,
    });
  }
  const form = await readForm(request);

  if (form.get("List-Unsubscribe") === "One-Click") {
    await unsubscribe(verified);
    log.info({ event: "unsubscribe.one_click", email: maskEmail(verified.email), category: verified.category }, "one-click unsubscribe");
    return new Response(null, { status: 200 });
  }

  const intent = unsubscribePageIntentSchema.safeParse(form.get("intent"));
  if (!intent.success) {
    throw new AppError("bad_request", "Send List-Unsubscribe=One-Click to unsubscribe, or use the buttons on the page.");
  }
  const outcome = await applyPageIntent(verified, intent.data);
  log.info({ event: "unsubscribe.page", email: maskEmail(verified.email), category: verified.category, intent: intent.data, outcome }, "unsubscribe page action");
  const page = new URL(`/u/${token}`, env().APP_URL);
  page.searchParams.set("done", outcome);
  return new Response(null, { status: 303, headers: { location: page.toString() } });
}

/** Carries out a page button (the manage page's "all" buttons too); returns what the page then says. */
export async function applyPageIntent(verified: VerifiedUnsubscribeToken, intent: UnsubscribePageIntent): Promise<UnsubscribePageDone> {
  const subject = { email: verified.email, ownerUserId: verified.ownerUserId };
  switch (intent) {
    case "unsubscribe":
      await unsubscribe({ ...subject, category: verified.category });
      return "unsubscribed";
    case "unsubscribe_all":
      await unsubscribe({ ...subject, category: "all" });
      return "unsubscribed_all";
    case "resubscribe": {
      const result = await resubscribe({ ...subject, category: verified.category });
      return result.ok ? "resubscribed" : `still_suppressed_${result.reason}`;
    }
    case "resubscribe_all": {
      const result = await resubscribe({ ...subject, category: "all" });
      return result.ok ? "resubscribed_all" : `still_suppressed_${result.reason}`;
    }
  }
}

/** Per IP, shared by every POST to an unsubscribe link (the manage page's too). */
export async function enforceRateLimit(headers: Headers): Promise<void> {
  const ip = clientIp(headers, env().TRUSTED_PROXY_HOPS) ?? "unknown";
  const result = await consumeRateLimit(db(), { key: `unsubscribe:ip:${ip}`, limit: REQUESTS_PER_IP_PER_MINUTE, windowSeconds: 60 });
  if (!result.allowed) {
    throw new AppError("rate_limited", `Too many unsubscribe requests. Try again in ${result.retryAfterSeconds} s.`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}

/** form-urlencoded or multipart, as RFC 8058 allows; anything else is refused. */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the request as application/x-www-form-urlencoded or multipart/form-data.");
  }
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request body is too large for an unsubscribe request.");
  try {
    return await request.formData();
  } catch {
    throw new AppError("bad_request", "The request body could not be read as a form.");
  }
}
