// Who is an operator: the addresses in ADMIN_EMAILS. Every lib/admin function that
// shows or changes something checks its caller itself, so no page or action can
// forget to.
import { env } from "../env";
import { AppError } from "../errors";

/** The caller of an admin function: their address, and (tests) the admin list to check it against. */
export type AdminCaller = { email: string; adminEmails?: readonly string[] };

export function isAdmin(email: string | null | undefined, adminEmails: readonly string[] = env().ADMIN_EMAILS): boolean {
  if (!email) return false;
  return adminEmails.includes(email.trim().toLowerCase());
}

/** Throws a forbidden AppError unless the caller is an admin. */
export function assertAdmin(caller: AdminCaller): void {
  if (!isAdmin(caller.email, caller.adminEmails)) throw new AppError("forbidden", "Only admins may do this.");
}
