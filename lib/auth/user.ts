// The signed-in person as every boundary sees them: pages, server actions, session
// route handlers and the REST API (which finds them by API token instead of session).
export type User = { id: string; email: string };

/** The User in an Auth.js session, or null when the session names nobody usable. */
export function userFromSession(session: { user?: { id?: string | null; email?: string | null } } | null): User | null {
  const id = session?.user?.id;
  const email = session?.user?.email;
  return id && email ? { id, email } : null;
}
