"use server";

import { z } from "zod";
import { userAction } from "@/app/action-state";
import { signOut } from "@/app/auth";
import { timeZoneSchema } from "@/lib/notifications/preferences/notification-preferences";
import { adoptBrowserTimeZone } from "@/lib/notifications/preferences/preference-center";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}

// Sent once by the browser on a first visit to any signed-in page; a stored choice is never overwritten.
export const adoptBrowserTimeZoneAction = userAction(z.object({ timeZone: timeZoneSchema }), async ({ timeZone }, user) => {
  const adopted = await adoptBrowserTimeZone(user.id, timeZone);
  return { ok: true, data: { adopted, timeZone } };
});
