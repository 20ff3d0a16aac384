"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/app/action-state";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications/deliveries/in-app-notifications";

// The bell's unread count is rendered by the app layout: revalidate from the root so it changes too.
export const markNotificationReadAction = userAction(
  z.object({ notificationId: z.string().min(1).max(64) }),
  async ({ notificationId }, user) => {
    await markNotificationRead(user.id, notificationId);
    revalidatePath("/", "layout");
    return { ok: true, message: "Marked as read." };
  },
);

export const markAllNotificationsReadAction = userAction(z.object({}), async (_input, user) => {
  const marked = await markAllNotificationsRead(user.id);
  revalidatePath("/", "layout");
  return { ok: true, message: marked === 1 ? "1 notification marked as read." : `${marked} notifications marked as read.` };
});
