// Auth.js configuration: magic links only, database sessions via the Prisma
// adapter. `app/auth.ts` hands this to NextAuth; nothing here imports Next.js.
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthConfig } from "next-auth";
import { db } from "../db/client";
import { env } from "../env";
import { log, maskEmail } from "../log";
import { MAGIC_LINK_MAX_AGE_SECONDS, MAGIC_LINK_PROVIDER_ID, sendMagicLink } from "./magic-link";
import { authCookieSettings } from "./session-cookie";
import { normalizeSignInEmail } from "./sign-in-input";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function authConfig(): NextAuthConfig {
  return {
    adapter: PrismaAdapter(db()),
    secret: env().AUTH_SECRET,
    // Links in emails are built from APP_URL; the request host is only used for
    // Auth.js' own redirects, which stay on the host the person is already on.
    trustHost: true,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS },
    ...authCookieSettings(env().APP_URL.startsWith("https:")),
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in/error" },
    providers: [
      {
        id: MAGIC_LINK_PROVIDER_ID,
        type: "email",
        name: "Email",
        maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
        normalizeIdentifier: normalizeSignInEmail,
        async sendVerificationRequest({ identifier, url }) {
          await sendMagicLink({ to: identifier, authCallbackUrl: url });
        },
      },
    ],
    callbacks: {
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
    events: {
      signIn({ user }) {
        log.info({ event: "auth.signed_in", userId: user.id }, "signed in");
      },
      signOut(message) {
        const userId = "session" in message ? message.session?.userId : undefined;
        log.info({ event: "auth.signed_out", userId }, "signed out");
      },
      createUser({ user }) {
        log.info({ event: "auth.user_created", userId: user.id, email: maskEmail(user.email ?? "") }, "new user");
      },
    },
    logger: {
      error(error) {
        log.error({ event: "auth.error", err: error }, error.message);
      },
      warn(code) {
        log.warn({ event: "auth.warning", code }, code);
      },
      debug() {},
    },
  };
}
