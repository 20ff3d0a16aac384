// What an extra recipient (an address a Tidings user named on their batches, not that
// user's own) gets from that owner, and their switch per category. The choices are
// stored by manage-subscription.ts (an opt-out per address, owner and category); this
// file lists them for the token-scoped manage page and changes them through it.
//
// The owner is shown by their full address, not masked: the recipient was emailed
// about that owner's batches and needs to recognise who added them (a masked
// "a•••@example.com" cannot tell two colleagues at one company apart), and only the
// holder of the signed link, sent to the recipient, sees it.
import { z } from "zod";
import { db } from "../db/client";
import type { SuppressionReason } from "../db/generated/client";
import { normalizeAddress } from "../notifications/deliveries/suppression";
import { resubscribe, subscriptionState, unsubscribe } from "./manage-subscription";

/**
 * The emails an extra recipient can get from an owner: the outcome of that owner's
 * batches that named them, and the digest of those the daily cap held back.
 * Reminders go to the owner only.
 */
export const recipientCategorySchema = z.enum(["batch_succeeded", "batch_failed", "digest"]);
export type RecipientCategory = z.infer<typeof recipientCategorySchema>;
export const recipientCategories: readonly RecipientCategory[] = recipientCategorySchema.options;

/** What a verified unsubscribe token names; its category does not matter here. */
export type RecipientSubject = Readonly<{ email: string; ownerUserId?: string }>;

export type RecipientSubscriptions =
  /** The address is the owner's own: their notification settings decide. */
  | { kind: "user" }
  /** No owner in the token, or the owner's account is gone: only "unsubscribe from all" (and its undo) applies. */
  | { kind: "no_owner"; suppression: SuppressionReason | null }
  | {
      kind: "recipient";
      email: string;
      ownerEmail: string;
      categories: { category: RecipientCategory; receiving: boolean }[];
      /** Set when the address is on the suppression list (then nothing is sent, whatever the switches say). */
      suppression: SuppressionReason | null;
    };

type Owner = { kind: "user" } | { kind: "no_owner"; suppression: SuppressionReason | null } | { kind: "recipient"; email: string; ownerUserId: string; ownerEmail: string; suppression: SuppressionReason | null };

async function ownerOf(subject: RecipientSubject): Promise<Owner> {
  const email = normalizeAddress(subject.email);
  // subscriptionState decides who the address belongs to, as the unsubscribe link does.
  const state = await subscriptionState({ email, ownerUserId: subject.ownerUserId, category: "all" });
  if (state.audience === "user") return { kind: "user" };
  if (subject.ownerUserId === undefined) return { kind: "no_owner", suppression: state.suppression };
  const owner = await db().user.findUnique({ where: { id: subject.ownerUserId }, select: { id: true, email: true } });
  if (!owner) return { kind: "no_owner", suppression: state.suppression };
  return { kind: "recipient", email, ownerUserId: owner.id, ownerEmail: owner.email, suppression: state.suppression };
}

/** The categories this recipient can get from this owner, each on unless they opted out. */
export async function recipientSubscriptions(subject: RecipientSubject): Promise<RecipientSubscriptions> {
  const owner = await ownerOf(subject);
  if (owner.kind !== "recipient") return owner;
  const optOuts = await db().recipientOptOut.findMany({
    where: { email: owner.email, ownerUserId: owner.ownerUserId, category: { in: [...recipientCategories] } },
    select: { category: true },
  });
  const off = new Set(optOuts.map((optOut) => optOut.category));
  return {
    kind: "recipient",
    email: owner.email,
    ownerEmail: owner.ownerEmail,
    categories: recipientCategories.map((category) => ({ category, receiving: !off.has(category) })),
    suppression: owner.suppression,
  };
}

export type SaveRecipientChoicesResult = { ok: true } | { ok: false; reason: "user" | "no_owner" };

/**
 * Turns each category on when it is in `receiving`, off otherwise. Changes nothing
 * for a user's own address or without an owner: a per-category choice would then
 * land in a user's preferences or on the suppression list, which this page is not for.
 */
export async function saveRecipientChoices(subject: RecipientSubject, receiving: ReadonlySet<RecipientCategory>): Promise<SaveRecipientChoicesResult> {
  const owner = await ownerOf(subject);
  if (owner.kind !== "recipient") return { ok: false, reason: owner.kind };
  for (const category of recipientCategories) await applyChoice(owner, category, receiving.has(category));
  return { ok: true };
}

/** One category on or off, with the same guard as saveRecipientChoices. */
export async function setRecipientCategory(subject: RecipientSubject, category: RecipientCategory, on: boolean): Promise<SaveRecipientChoicesResult> {
  const owner = await ownerOf(subject);
  if (owner.kind !== "recipient") return { ok: false, reason: owner.kind };
  await applyChoice(owner, category, on);
  return { ok: true };
}

async function applyChoice(owner: Extract<Owner, { kind: "recipient" }>, category: RecipientCategory, on: boolean): Promise<void> {
  const choice = { email: owner.email, ownerUserId: owner.ownerUserId, category };
  // Both are idempotent, so saving an unchanged form changes nothing.
  if (on) await resubscribe(choice);
  else await unsubscribe(choice);
}
