// A person taking their own address off the suppression list from the preference
// center. An unsubscribe from everything is theirs to undo; a bounce or a complaint
// came from a mail server or a spam button, so lifting it needs them to confirm that
// the address works again and that they want the emails (`confirmed: true`).
import { db } from "../db/client";
import type { SuppressionReason } from "../db/generated/client";
import { normalizeAddress } from "../notifications/deliveries/suppression";

export type LiftSuppressionResult =
  | { ok: true; lifted: SuppressionReason | null }
  | { ok: false; reason: "confirmation_required"; suppression: Exclude<SuppressionReason, "unsubscribed"> };

/** Idempotent: an address not on the list is left alone (`lifted: null`). */
export async function liftSuppression(input: Readonly<{ email: string; confirmed: boolean }>): Promise<LiftSuppressionResult> {
  const email = normalizeAddress(input.email);
  const row = await db().suppression.findUnique({ where: { email }, select: { reason: true } });
  if (row === null) return { ok: true, lifted: null };
  if (row.reason !== "unsubscribed" && !input.confirmed) return { ok: false, reason: "confirmation_required", suppression: row.reason };
  // Only the reason the person saw and confirmed is lifted.
  const deleted = await db().suppression.deleteMany({ where: { email, reason: row.reason } });
  return { ok: true, lifted: deleted.count > 0 ? row.reason : null };
}
