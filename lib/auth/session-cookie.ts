// The names and settings of Auth.js' cookies, shared by the Auth.js config, the
// proxy (which only checks that a session cookie exists) and the pages (which check
// that the session is real).
import type { NextAuthConfig } from "next-auth";

/**
 * Over https the session cookie is `__Host-`: the browser then only accepts it when
 * Secure, for this exact host and path `/`, so neither plain http nor a sibling
 * subdomain can plant or overwrite it (Auth.js' own default is the weaker `__Secure-`).
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-authjs.session-token" : "authjs.session-token";
}

/** Every name a session cookie of ours may have, including Auth.js' former default. */
export const SESSION_COOKIE_NAMES = [sessionCookieName(false), sessionCookieName(true), "__Secure-authjs.session-token"] as const;

/**
 * Secure, host-only, HttpOnly, SameSite=Lax cookies when APP_URL is https, decided
 * by the setting rather than by each request's scheme, which a TLS-terminating proxy
 * may hide.
 */
export function authCookieSettings(secure: boolean): Pick<NextAuthConfig, "useSecureCookies" | "cookies"> {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  const prefix = secure ? "__Host-" : "";
  return {
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: sessionCookieName(secure), options },
      callbackUrl: { name: `${prefix}authjs.callback-url`, options },
      csrfToken: { name: `${prefix}authjs.csrf-token`, options },
    },
  };
}

/** Set by the proxy so a page can send a person with a stale session back where they were. */
export const CURRENT_PATH_HEADER = "x-tidings-path";

export function hasSessionCookie(cookieNames: Iterable<string>): boolean {
  for (const name of cookieNames) {
    if ((SESSION_COOKIE_NAMES as readonly string[]).includes(name)) return true;
  }
  return false;
}
