// REST API v1 route handlers go through withApiUser: a personal API token (never a
// session cookie, so no CSRF exposure) resolves the person, the rate limit is
// counted, and every error becomes the one JSON shape (503 while the database is
// away). It reads nothing from Next's request context, so handlers run as plain
// functions of a Request (and are tested so). Handlers get the same User as pages.
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { enforceApiRateLimit } from "@/lib/api/enforce-api-rate-limit";
import type { User } from "@/lib/auth/user";
import { withErrorResponses } from "@/lib/http/error-response";

/** Next's second handler argument for dynamic segments. */
export type RouteContext = { params: Promise<Record<string, string>> };

export function withApiUser<Args extends unknown[]>(
  handler: (request: Request, user: User, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  const handle = withErrorResponses(async (request: Request, ...args: Args) => {
    const { id, email } = await authenticateApiToken(request.headers.get("authorization"));
    await enforceApiRateLimit(id);
    return handler(request, { id, email }, ...args);
  });
  return async (request, ...args) => {
    const response = await handle(request, ...args);
    // RFC 6750: a 401 names the scheme the client should use.
    if (response.status === 401) response.headers.set("www-authenticate", 'Bearer realm="tidings-api"');
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    return response;
  };
}
