// Every POST to a consent link: a mail client's RFC 8058 one-click request (the
// consent email's List-Unsubscribe), which refuses, and the buttons of the page at
// /r/<token>. One-click is answered 200 with an empty body; a button 303 back to the
// page, which then says what was recorded. No session, cookie or CSRF token: the
// signed token is the authority, and it can only answer its own one request.
import { env } from "../env";
import { AppError } from "../errors";
import { log, maskEmail } from "../log";
import { enforceRateLimit, readForm } from "../unsubscribe/handle-unsubscribe-post";
import { answerConsentRequest, consentIntentSchema } from "./answer-consent-request";
import { verifyConsentToken } from "./consent-token";

export async function handleConsentPost(request: Request, token: string): Promise<Response> {
  await enforceRateLimit(request.headers);
  const verified = verifyConsentToken(token);
  if (!verified.ok) {
    throw new AppError("bad_request", "This link is not valid: it may be cut short or changed. Use the link from the email as it is.", { reason: verified.reason });
  }
  const form = await readForm(request);
  const subject = { email: verified.email, ownerUserId: verified.ownerUserId };

  if (form.get("List-Unsubscribe") === "One-Click") {
    await answerConsentRequest(subject, "refuse");
    log.info({ event: "recipient_consent.one_click_refused", email: maskEmail(verified.email), ownerUserId: verified.ownerUserId }, "consent refused by one-click");
    return new Response(null, { status: 200 });
  }
  const intent = consentIntentSchema.safeParse(form.get("intent"));
  if (!intent.success) throw new AppError("bad_request", "Send List-Unsubscribe=One-Click to refuse, or use the buttons on the page.");
  const done = await answerConsentRequest(subject, intent.data);
  log.info({ event: "recipient_consent.answered", email: maskEmail(verified.email), ownerUserId: verified.ownerUserId, intent: intent.data, done }, "consent answered");
  const page = new URL(`/r/${token}`, env().APP_URL);
  if (done) page.searchParams.set("done", done);
  return new Response(null, { status: 303, headers: { location: page.toString() } });
}
