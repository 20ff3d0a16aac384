// The Auth.js instance for the web app. Lazy, so settings and the database are
// only touched when a request needs them (never during `next build`). The adapter
// reports failed session lookups, so app/session-user.ts can tell an outage from
// a signed-out person.
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";
import { reportingSessionLookupFailures } from "@/lib/auth/session-lookup";

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = authConfig();
  return config.adapter ? { ...config, adapter: reportingSessionLookupFailures(config.adapter) } : config;
});
