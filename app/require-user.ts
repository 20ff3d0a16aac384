// The signed-in person for a page, or a redirect to sign-in that comes back here.
import { headers } from "next/headers";
import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "@/app/auth";
import { CURRENT_PATH_HEADER } from "@/lib/auth/session-cookie";

export type CurrentUser = { id: string; email: string; name: string | null };

/** Cached per request: the layout and the page both ask, the database is asked once. */
export const requireUser = cache(async (): Promise<CurrentUser> => {
  const session = await auth();
  if (session?.user?.id && session.user.email) {
    return { id: session.user.id, email: session.user.email, name: session.user.name ?? null };
  }
  const path = (await headers()).get(CURRENT_PATH_HEADER) ?? "/dashboard";
  redirect(`/sign-in?${new URLSearchParams({ callbackUrl: path })}`);
});
