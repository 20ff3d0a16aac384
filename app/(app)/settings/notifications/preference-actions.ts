"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/app/action-state";
import { preferenceFormSchema } from "@/lib/notifications/preferences/preference-form";
import { savePreferences } from "@/lib/notifications/preferences/preference-store";
import { liftSuppression } from "@/lib/unsubscribe/lift-suppression";

const PAGE = "/settings/notifications";

// The whole set on every change; notify reads it when it decides, so the next notification follows it.
export const savePreferencesAction = userAction(preferenceFormSchema, async (preferences, user) => {
  await savePreferences(user.id, preferences);
  revalidatePath(PAGE);
  return { ok: true, message: "Saved" };
});

export const resubscribeAction = userAction(z.object({ confirmed: z.literal("on").optional() }), async ({ confirmed }, user) => {
  const result = await liftSuppression({ email: user.email, confirmed: confirmed === "on" });
  if (!result.ok) {
    const message = "Tick “I fixed the address / I want these emails” first, then press Subscribe again.";
    return { ok: false, error: { code: "confirmation_required", message, fields: { confirmed: message } } };
  }
  revalidatePath(PAGE);
  return { ok: true, message: "You are subscribed again: Tidings emails reach your address from the next notification." };
});
