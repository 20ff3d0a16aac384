// Two jobs, both cheap by design (no database):
// - POSTs to an unsubscribe link (/u/<token>) or its manage page (/u/<token>/manage)
//   go to the route handler that answers them, since the address itself is the page
//   people see;
// - signed-out visits to app pages go to sign-in, and back afterwards (pages verify
//   the session themselves).
import { NextResponse, type NextRequest } from "next/server";
import { CURRENT_PATH_HEADER, hasSessionCookie } from "@/lib/auth/session-cookie";
import { invalidUnsubscribeLinkResponse } from "@/lib/unsubscribe/invalid-link-page";
import { verifyUnsubscribeToken } from "@/lib/unsubscribe/unsubscribe-token";

const UNSUBSCRIBE_PATH = /^\/u\/([^/]+)(\/manage)?\/?$/;

export function proxy(request: NextRequest) {
  const unsubscribe = UNSUBSCRIBE_PATH.exec(request.nextUrl.pathname);
  if (unsubscribe) {
    if (request.method === "POST") return NextResponse.rewrite(new URL(`/api/unsubscribe/${unsubscribe[1]}${unsubscribe[2] ?? ""}`, request.url));
    // The page explains a bad link; the status says it to machines too.
    // A page cannot answer 400, so a bad link gets its small page from here.
    if (!verifyUnsubscribeToken(unsubscribe[1] ?? "").ok) return invalidUnsubscribeLinkResponse();
    return NextResponse.next();
  }

  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (!hasSessionCookie(request.cookies.getAll().map((cookie) => cookie.name))) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", path);
    return NextResponse.redirect(signIn);
  }
  const headers = new Headers(request.headers);
  headers.set(CURRENT_PATH_HEADER, path);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/dashboard/:path*", "/settings/:path*", "/batches/:path*", "/notifications/:path*", "/u/:path*"] };
