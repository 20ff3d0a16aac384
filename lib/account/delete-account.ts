// Delete a person's account: their batches with every stored file, their outbox
// events and deliveries, sessions, API tokens, preferences, webhook endpoints and
// opt-outs. The suppression list is kept on purpose: it is keyed by address, not by
// account, and an address that bounced or unsubscribed must stay protected.
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { deleteAllBatchesOfUser } from "../batches/delete-batch";
import { db } from "../db/client";
import { log } from "../log";

/** The confirmation form: the person types their own address. */
export function deleteAccountConfirmationSchema(accountEmail: string) {
  return z.object({
    confirmEmail: z
      .string()
      .trim()
      .max(254)
      .refine((typed) => typed.toLowerCase() === accountEmail.toLowerCase(), "Type your account's email address exactly to confirm."),
  });
}

export type DeleteAccountResult = { deleted: boolean; batches: number };

/**
 * Deletes the account `userId` and everything that belongs to it. Idempotent: an
 * account already gone is a no-op (`deleted: false`).
 *
 * Order, so that a failure at any step (storage down, process killed) leaves
 * nothing unreachable and a retry finishes the file: the User row goes last, in one
 * transaction with the outbox events (which have no foreign key to it). Until then
 * the account exists, the person can still sign in, and every batch row that
 * remains still names its files. API tokens go first so nothing new arrives by API
 * while the batches are deleted.
 *
 * Work in flight stops harmlessly: queued `batch.process-file` files are cancelled
 * in pg-boss; a worker already running a file finds its file cancelled or gone and
 * drops its result (processBatchFile). Send and webhook files for the deleted deliveries
 * find no delivery and return.
 */
export async function deleteAccount(boss: PgBoss, userId: string): Promise<DeleteAccountResult> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return { deleted: false, batches: 0 };

  await db().apiToken.deleteMany({ where: { userId } });
  const batches = await deleteAllBatchesOfUser(boss, userId);
  const [events] = await db().$transaction([
    db().notificationEvent.deleteMany({ where: { userId } }),
    // Unused sign-in links for the address: one clicked later would create a fresh account.
    db().verificationToken.deleteMany({ where: { identifier: user.email } }),
    // Cascades to sessions, sign-in accounts, deliveries, preferences, endpoints
    // (with their attempts) and recipient opt-outs. deleteMany: a concurrent delete is no error.
    db().user.deleteMany({ where: { id: userId } }),
  ]);

  log.info({ event: "account.deleted", userId, batches, notificationEvents: events.count }, "account deleted");
  return { deleted: true, batches };
}
