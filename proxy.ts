// Sends signed-out visits to app pages to sign-in, and back afterwards. Cheap by
// design (a cookie check, no database): pages verify the session itself.
import { NextResponse, type NextRequest } from "next/server";
import { CURRENT_PATH_HEADER, hasSessionCookie } from "@/lib/auth/session-cookie";

export function proxy(request: NextRequest) {
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

export const config = { matcher: ["/dashboard/:path*", "/settings/:path*", "/batches/:path*"] };
