// The signed-in person for a page, or a redirect to sign-in that comes back here.
// While the database is away this throws serviceUnavailable(); the (app) layout
// shows the "temporarily unavailable" page for it.
import { headers } from "next/headers";
import { cache } from "react";
import { redirect } from "next/navigation";
import { sessionUser, type User } from "@/app/session-user";
import { CURRENT_PATH_HEADER } from "@/lib/auth/session-cookie";

export const requireUser = cache(async (): Promise<User> => {
  const user = await sessionUser();
  if (user) return user;
  const path = (await headers()).get(CURRENT_PATH_HEADER) ?? "/dashboard";
  redirect(`/sign-in?${new URLSearchParams({ callbackUrl: path })}`);
});
