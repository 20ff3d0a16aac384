// Every POST to /u/<token>/manage: the form of the manage page, which an extra
// recipient submits with a checkbox per category they want, and its "unsubscribe from
// all" / "subscribe again" buttons. The token authorises only its own address and
// owner; the answer is 303 back to the page, which then says what happened.
import { z } from "zod";
import { env } from "../env";
import { AppError } from "../errors";
import { log, maskEmail } from "../log";
import { applyPageIntent, enforceRateLimit, readForm } from "./handle-unsubscribe-post";
import { recipientCategorySchema, recipientSubscriptions, saveRecipientChoices } from "./recipient-subscriptions";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

/** `intent=save` marks the page's form: an empty body must not turn everything off. */
const manageFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), receive: z.array(recipientCategorySchema).max(10) }),
  z.object({ intent: z.enum(["unsubscribe_all", "resubscribe_all"]) }),
]);

export async function handleManagePost(request: Request, token: string): Promise<Response> {
  await enforceRateLimit(request.headers);
  const verified = verifyUnsubscribeToken(token);
  if (!verified.ok) {
    throw new AppError("bad_request", "This link is not valid: it may be cut short or changed. Use the link from the email as it is.", {
      reason: verified.reason,
    });
  }
  const form = await readForm(request);
  const parsed = manageFormSchema.safeParse({ intent: form.get("intent"), receive: form.getAll("receive") });
  if (!parsed.success) throw new AppError("bad_request", "Use the form on the page to choose what you receive.");
  const page = new URL(`/u/${token}/manage`, env().APP_URL);
  if (parsed.data.intent !== "save") {
    // A user's own address: their settings page holds these switches, as for the form below.
    if ((await recipientSubscriptions(verified)).kind === "user") return redirect(new URL("/settings/notifications", env().APP_URL));
    const outcome = await applyPageIntent(verified, parsed.data.intent);
    log.info({ event: "unsubscribe.manage", email: maskEmail(verified.email), intent: parsed.data.intent, outcome }, "manage page action");
    page.searchParams.set("done", outcome);
    return redirect(page);
  }

  const result = await saveRecipientChoices(verified, new Set(parsed.data.receive));
  if (!result.ok && result.reason === "user") {
    // A Tidings user's own address: their settings page holds these switches.
    return redirect(new URL("/settings/notifications", env().APP_URL));
  }
  if (!result.ok) {
    throw new AppError("not_found", "The account that added this address no longer exists. Use “Unsubscribe from all Tidings emails” instead.");
  }
  log.info({ event: "unsubscribe.manage", email: maskEmail(verified.email), receive: parsed.data.receive }, "recipient choices saved");
  page.searchParams.set("saved", "1");
  return redirect(page);
}

function redirect(location: URL): Response {
  return new Response(null, { status: 303, headers: { location: location.toString() } });
}
