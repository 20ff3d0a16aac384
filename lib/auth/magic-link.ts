// Magic links: how they are sent and how a landing page tells a live link from
// a spent one. Mail scanners open links before people do, so the emailed link
// lands on /sign-in/confirm, and only the button there spends the token.
import { createHash } from "node:crypto";
import { createElement } from "react";
import MagicLinkEmail from "../../emails/magic-link";
import { db } from "../db/client";
import { env } from "../env";
import { sendEmail } from "../email/send-email";

export const MAGIC_LINK_MAX_AGE_SECONDS = 24 * 60 * 60;
export const MAGIC_LINK_PROVIDER_ID = "email";

/** The confirmation page URL for an Auth.js callback URL (which carries token, email, callbackUrl). */
export function confirmationUrlFor(authCallbackUrl: string): string {
  const { searchParams } = new URL(authCallbackUrl);
  const params = new URLSearchParams();
  for (const name of ["token", "email"]) {
    const value = searchParams.get(name);
    if (value !== null) params.set(name, value);
  }
  // Auth.js has already made the destination absolute on this site; keep only the
  // path so the confirmation page can insist on same-site destinations.
  const destination = searchParams.get("callbackUrl");
  if (destination) {
    const { pathname, search, hash } = new URL(destination, env().APP_URL);
    params.set("callbackUrl", `${pathname}${search}${hash}`);
  }
  return `${env().APP_URL}/sign-in/confirm?${params}`;
}

/** Emails a sign-in link. Transactional: no unsubscribe header or footer. */
export async function sendMagicLink({ to, authCallbackUrl }: { to: string; authCallbackUrl: string }): Promise<void> {
  const url = confirmationUrlFor(authCallbackUrl);
  await sendEmail({
    to,
    subject: "Your Tidings sign-in link",
    react: createElement(MagicLinkEmail, {
      url,
      host: new URL(env().APP_URL).host,
      expiresInHours: MAGIC_LINK_MAX_AGE_SECONDS / 3600,
    }),
    tags: [{ name: "category", value: "account" }],
  });
}

/**
 * Whether the address Auth.js answered a magic-link sign-in with is its error page.
 * It reports a failure to send the email (provider down, refused) that way, by
 * redirecting to `…?error=…`, rather than by throwing; the sign-in form must then
 * say so, not "check your email".
 */
export function magicLinkSendFailed(authRedirect: string): boolean {
  return new URL(authRedirect, env().APP_URL).searchParams.has("error");
}

export type MagicLinkState = "valid" | "expired" | "spent";

/**
 * Looks a link's token up without spending it. Auth.js stores sha256(token + secret)
 * as hex, so we hash the same way to find the row.
 */
export async function inspectMagicLink({ email, token }: { email: string; token: string }): Promise<MagicLinkState> {
  const hashed = createHash("sha256").update(`${token}${env().AUTH_SECRET}`).digest("hex");
  const row = await db().verificationToken.findUnique({
    where: { identifier_token: { identifier: email, token: hashed } },
  });
  if (!row) return "spent";
  return row.expires.getTime() < Date.now() ? "expired" : "valid";
}
