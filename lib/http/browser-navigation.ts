// A person opening an address in their browser (a link in an email, a bookmark, the
// address bar) is told apart from a script's fetch: without a session the first is
// sent to sign-in and back, the second gets the JSON 401 it can act on.
import { SIGN_IN_PATH } from "../auth/sign-in-input";

/**
 * Whether the request is a top-level browser navigation. Fetch Metadata says so in
 * every current browser (frames are navigations too, but sign-in cannot show in
 * one); without it, a navigation is the request that asks for HTML.
 */
export function isBrowserNavigation(request: Request): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const mode = request.headers.get("sec-fetch-mode");
  if (mode !== null) {
    const destination = request.headers.get("sec-fetch-dest");
    return mode === "navigate" && (destination === null || destination === "document");
  }
  return /\btext\/html\b/i.test(request.headers.get("accept") ?? "");
}

/**
 * 303 to sign-in with this request's path as the destination. The Location is
 * relative, so the browser stays on the origin it used (Next.js reports loopback
 * hosts as "localhost" in request.url, which a relative address sidesteps).
 */
export function signInRedirect(request: Request): Response {
  const { pathname, search } = new URL(request.url);
  const location = `${SIGN_IN_PATH}?${new URLSearchParams({ callbackUrl: `${pathname}${search}` })}`;
  return new Response(null, { status: 303, headers: { location, "cache-control": "private, no-store" } });
}
