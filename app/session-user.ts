// The one place that turns the session cookie into the signed-in person, for pages
// (app/require-user.ts), server actions (app/action-state.ts) and session route
// handlers (app/api/route-auth.ts). The REST API finds the same User by API token.
import { cache } from "react";
import { auth } from "@/app/auth";
import { observeSessionLookup } from "@/lib/auth/session-lookup";
import { type User, userFromSession } from "@/lib/auth/user";
import { isDatabaseUnavailable } from "@/lib/db/is-database-unavailable";
import { serviceUnavailable } from "@/lib/errors";

export type { User };

/**
 * The signed-in person, or null when nobody is. Throws serviceUnavailable() when the
 * database cannot be asked: a person is not signed out by an outage. Cached per
 * request in pages (the layout and the page both ask, the database is asked once).
 */
export const sessionUser = cache(async (): Promise<User | null> => {
  const { value: session, failure } = await observeSessionLookup(() => auth());
  const user = userFromSession(session);
  if (!user && failure !== undefined && isDatabaseUnavailable(failure)) throw serviceUnavailable();
  return user;
});
