// Route handlers that need a signed-in person go through withUser: it resolves the
// session, answers 401 without one (503 while the database is away), and maps every
// error to the one JSON shape. A person who opens such an address in the browser
// (a download link in an email, say) while signed out is sent to sign-in instead,
// and comes back to it afterwards; fetches keep the JSON 401.
import { sessionUser, type User } from "@/app/session-user";
import { AppError } from "@/lib/errors";
import { isBrowserNavigation, signInRedirect } from "@/lib/http/browser-navigation";
import { withErrorResponses } from "@/lib/http/error-response";

export function withUser<Args extends unknown[]>(
  handler: (request: Request, user: User, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return withErrorResponses(async (request: Request, ...args: Args) => {
    const user = await sessionUser();
    if (!user) {
      if (isBrowserNavigation(request)) return signInRedirect(request);
      throw new AppError("unauthorized", "Sign in to continue.");
    }
    return handler(request, user, ...args);
  });
}
