"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/app/action-state";
import { deleteAccount, deleteAccountConfirmationSchema } from "@/lib/account/delete-account";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import { webBoss } from "@/lib/queue/boss";

// The form's shape is checked by userAction; whether the typed address is this
// person's is checked against the session's address, which the form cannot supply.
export const deleteAccountAction = userAction(z.object({ confirmEmail: z.string().max(254) }), async (input, user) => {
  const confirmation = deleteAccountConfirmationSchema(user.email).safeParse(input);
  if (!confirmation.success) {
    const message = confirmation.error.issues[0]?.message ?? "Type your account's email address to confirm.";
    return { ok: false, error: { code: "validation_failed", message, fields: { confirmEmail: message } } };
  }
  await deleteAccount(await webBoss(), user.id);
  // The session rows went with the account; the cookie that named one goes too
  // (a __Secure- or __Host- cookie can only be replaced by a Secure one).
  const jar = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    if (jar.has(name)) jar.set(name, "", { path: "/", maxAge: 0, secure: name.startsWith("__"), httpOnly: true, sameSite: "lax" });
  }
  redirect("/sign-in?accountDeleted=1");
});
