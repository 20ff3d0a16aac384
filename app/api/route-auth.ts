// Route handlers that need a signed-in person go through withUser: it resolves the
// session, answers 401 without one, and maps every error to the one JSON shape.
import { auth } from "@/app/auth";
import { AppError } from "@/lib/errors";
import { withErrorResponses } from "@/lib/http/error-response";

export type RouteUser = { id: string; email: string };

export function withUser<Args extends unknown[]>(
  handler: (request: Request, user: RouteUser, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return withErrorResponses(async (request: Request, ...args: Args) => {
    const session = await auth();
    if (!session?.user?.id || !session.user.email) throw new AppError("unauthorized", "Sign in to continue.");
    return handler(request, { id: session.user.id, email: session.user.email }, ...args);
  });
}
