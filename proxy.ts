// Runs before every request but static assets, cheap by design (no database):
// - every answer gets the security headers, pages a Content-Security-Policy whose
//   nonce Next.js puts on its own scripts (it reads it from the request's CSP header);
// - POSTs to an unsubscribe link (/u/<token>) or its manage page (/u/<token>/manage)
//   go to the route handler that answers them, since the address itself is the page
//   people see;
// - signed-out visits to app pages go to sign-in, and back afterwards (pages verify
//   the session themselves).
import { NextResponse, type NextRequest } from "next/server";
import { CURRENT_PATH_HEADER, hasSessionCookie } from "@/lib/auth/session-cookie";
import { env, isNextDevServer } from "@/lib/env";
import { newNonce, securityHeaders, type FramePolicy, type SecurityContext } from "@/lib/http/security-headers";
import { invalidUnsubscribeLinkResponse } from "@/lib/unsubscribe/invalid-link-page";
import { verifyUnsubscribeToken } from "@/lib/unsubscribe/unsubscribe-token";

const UNSUBSCRIBE_PATH = /^\/u\/([^/]+)(\/manage)?\/?$/;
const SIGNED_IN_PATH = /^\/(dashboard|settings|batches|notifications)(\/|$)/;
/** The email bodies our preview pages show in a frame (components/email-preview). */
const EMAIL_FRAME_PATH = /^\/(dev\/mailbox\/[^/]+\/html|settings\/notifications\/preview\/html)\/?$/;

export function proxy(request: NextRequest) {
  const context: SecurityContext = {
    nonce: newNonce(),
    https: env().APP_URL.startsWith("https:"),
    development: isNextDevServer(),
  };
  const frame: FramePolicy = EMAIL_FRAME_PATH.test(request.nextUrl.pathname) ? "same-origin" : "deny";
  const headers = securityHeaders({ ...context, frame });
  return withHeaders(route(request, context.nonce, headers["content-security-policy"] ?? ""), headers);
}

function route(request: NextRequest, nonce: string, contentSecurityPolicy: string): Response {
  const path = request.nextUrl.pathname;
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", contentSecurityPolicy);

  const unsubscribe = UNSUBSCRIBE_PATH.exec(path);
  if (unsubscribe) {
    if (request.method === "POST") {
      return NextResponse.rewrite(new URL(`/api/unsubscribe/${unsubscribe[1]}${unsubscribe[2] ?? ""}`, request.url), { request: { headers: forwarded } });
    }
    // The page explains a bad link; the status says it to machines too.
    // A page cannot answer 400, so a bad link gets its small page from here.
    if (!verifyUnsubscribeToken(unsubscribe[1] ?? "").ok) return invalidUnsubscribeLinkResponse(nonce);
    return NextResponse.next({ request: { headers: forwarded } });
  }

  if (SIGNED_IN_PATH.test(path)) {
    const pathAndQuery = `${path}${request.nextUrl.search}`;
    if (!hasSessionCookie(request.cookies.getAll().map((cookie) => cookie.name))) {
      const signIn = new URL("/sign-in", request.url);
      signIn.searchParams.set("callbackUrl", pathAndQuery);
      return NextResponse.redirect(signIn);
    }
    forwarded.set(CURRENT_PATH_HEADER, pathAndQuery);
  }
  return NextResponse.next({ request: { headers: forwarded } });
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Everything but the build's static files (next.config.js gives those their headers)
// and multipart uploads to the two upload routes: for every request a proxy runs for,
// Next.js copies the body into memory and cuts it off at 10 MB, so an upload would be
// held in memory whole and anything larger truncated. Those two handlers set the
// security headers themselves (lib/http/with-security-headers.ts).
// (Literal values: Next.js reads this object without running the module.)
export const config = {
  matcher: [
    { source: "/((?!_next/static|_next/image|favicon.ico|api/v1/batches$|api/batches$).*)" },
    { source: "/api/v1/batches", missing: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
    { source: "/api/batches", missing: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
