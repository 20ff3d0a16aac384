// Names shared by the proxy (which only checks that a session cookie exists)
// and the pages (which check that the session is real).
export const SESSION_COOKIE_NAMES = ["authjs.session-token", "__Secure-authjs.session-token"] as const;

/** Set by the proxy so a page can send a person with a stale session back where they were. */
export const CURRENT_PATH_HEADER = "x-tidings-path";

export function hasSessionCookie(cookieNames: Iterable<string>): boolean {
  for (const name of cookieNames) {
    if ((SESSION_COOKIE_NAMES as readonly string[]).includes(name)) return true;
  }
  return false;
}
