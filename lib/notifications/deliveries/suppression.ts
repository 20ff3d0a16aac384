// The suppression list: addresses that get no non-transactional email from Tidings,
// whoever's event it is — after a hard bounce, a spam complaint, or an unsubscribe
// from everything. Sign-in links still go out (they are transactional).
import { db, type Tx } from "../../db/client";
import type { SuppressionReason } from "../../db/generated/client";

export function normalizeAddress(email: string): string {
  return email.trim().toLowerCase();
}

export async function isSuppressed(email: string, client: Tx = db()): Promise<boolean> {
  const row = await client.suppression.findUnique({ where: { email: normalizeAddress(email) }, select: { email: true } });
  return row !== null;
}

/** Idempotent: the first reason stays (a complaint after an unsubscribe changes nothing). */
export async function suppress(email: string, reason: SuppressionReason, detail?: string, client: Tx = db()): Promise<void> {
  await client.suppression.createMany({ data: [{ email: normalizeAddress(email), reason, detail }], skipDuplicates: true });
}
