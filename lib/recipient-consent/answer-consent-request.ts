// What an extra recipient can do with a consent request, without signing in (the
// signed link is the authority): accept this owner's batch emails, refuse them
// (remembered per owner, like an unsubscribe, and shown in the owner's delivery log),
// or never be asked again by anyone (the suppression list, reason `unsubscribed`).
// Every answer has an undo, which puts the request back to open.
import { z } from "zod";
import { db } from "../db/client";
import type { SuppressionReason } from "../db/generated/client";
import { normalizeAddress, suppress } from "../notifications/deliveries/suppression";
import type { ConsentStatus } from "./consent-rules";
import type { ConsentSubject } from "./consent-token";

export const consentIntentSchema = z.enum(["accept", "refuse", "never", "undo"]);
export type ConsentIntent = z.infer<typeof consentIntentSchema>;

/** What the page says after a button: the answer now on record. */
export const consentDoneSchema = z.enum(["accepted", "refused", "never", "undone"]);
export type ConsentDone = z.infer<typeof consentDoneSchema>;

/** The suppression detail of "never ask again": shown to operators, and how its undo knows what to lift. */
export const NEVER_ASK_DETAIL = "never ask again (recipient consent request)";

export type ConsentRequestState = {
  status: ConsentStatus;
  /** The owner's sign-in address, as the request showed it. */
  ownerEmail: string;
  /** Set when the address is on the suppression list, and why. */
  suppression: SuppressionReason | null;
  /** It is there because of this page's "never ask again" (which its undo lifts). */
  neverAsk: boolean;
};

/** Null when there is no such request (the owner deleted their account, or never asked). */
export async function consentRequestState(subject: ConsentSubject): Promise<ConsentRequestState | null> {
  const email = normalizeAddress(subject.email);
  const [row, suppression] = await Promise.all([
    db().recipientConsent.findUnique({
      where: { ownerUserId_email: { ownerUserId: subject.ownerUserId, email } },
      select: { status: true, owner: { select: { email: true } } },
    }),
    db().suppression.findUnique({ where: { email }, select: { reason: true, detail: true } }),
  ]);
  if (!row) return null;
  return { status: row.status, ownerEmail: row.owner.email, suppression: suppression?.reason ?? null, neverAsk: suppression?.detail === NEVER_ASK_DETAIL };
}

/** Idempotent. Returns null when there is no such request to answer. */
export async function answerConsentRequest(subject: ConsentSubject, intent: ConsentIntent): Promise<ConsentDone | null> {
  const email = normalizeAddress(subject.email);
  const where = { ownerUserId_email: { ownerUserId: subject.ownerUserId, email } };
  const now = new Date();
  return db().$transaction(async (tx) => {
    const row = await tx.recipientConsent.findUnique({ where, select: { id: true } });
    if (!row) return null;
    switch (intent) {
      case "accept":
        await tx.recipientConsent.update({ where, data: { status: "accepted", respondedAt: now } });
        return "accepted";
      case "refuse":
        await tx.recipientConsent.update({ where, data: { status: "refused", respondedAt: now } });
        return "refused";
      case "never":
        await tx.recipientConsent.update({ where, data: { status: "refused", respondedAt: now } });
        await suppress(email, "unsubscribed", NEVER_ASK_DETAIL, tx);
        return "never";
      case "undo":
        await tx.recipientConsent.update({ where, data: { status: "pending", respondedAt: null } });
        // Only "never ask again" is lifted here: a bounce or a complaint came from a mail server, an unsubscribe-from-all from its own page.
        await tx.suppression.deleteMany({ where: { email, reason: "unsubscribed", detail: NEVER_ASK_DETAIL } });
        return "undone";
    }
  });
}
