// What an unsubscribe link changes, and its undo. Whose choice it is decides where
// it is stored:
// - the recipient is the Tidings user the token names (their own address): their
//   preferences (the category's email switch);
// - someone else (an extra recipient named at upload): an opt-out against their
//   address and the owner who added them;
// - "all", for anyone: the suppression list, shared with bounces and complaints.
import { db } from "../db/client";
import type { SuppressionReason } from "../db/generated/client";
import type { ConfigurableCategory } from "../notifications/preferences/notification-preferences";
import { loadPreferences, savePreferences } from "../notifications/preferences/preference-store";
import { normalizeAddress, suppress } from "../notifications/deliveries/suppression";
import type { UnsubscribeCategory } from "./unsubscribe-token";

export type SubscriptionSubject = Readonly<{ email: string; category: UnsubscribeCategory; ownerUserId?: string }>;

export type SubscriptionState = {
  /** The person (or owner) this choice is stored against. */
  audience: "user" | "recipient";
  /** Whether email of this category (or any, for "all") is off for this address. */
  unsubscribed: boolean;
  /** Set when the address is on the suppression list, and why. */
  suppression: SuppressionReason | null;
};

type Audience = { kind: "user"; userId: string } | { kind: "recipient"; ownerUserId: string } | { kind: "nobody" };

async function audienceOf(subject: SubscriptionSubject): Promise<Audience> {
  const email = normalizeAddress(subject.email);
  const user = await db().user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true } });
  if (user && (subject.ownerUserId === undefined || subject.ownerUserId === user.id)) return { kind: "user", userId: user.id };
  if (subject.ownerUserId !== undefined) {
    const owner = await db().user.findUnique({ where: { id: subject.ownerUserId }, select: { id: true } });
    if (owner) return { kind: "recipient", ownerUserId: owner.id };
  }
  return { kind: "nobody" };
}

export async function subscriptionState(subject: SubscriptionSubject): Promise<SubscriptionState> {
  const email = normalizeAddress(subject.email);
  const audience = await audienceOf(subject);
  const suppression = (await db().suppression.findUnique({ where: { email }, select: { reason: true } }))?.reason ?? null;
  const audienceName = audience.kind === "user" ? "user" : "recipient";
  if (subject.category === "all" || suppression !== null || audience.kind === "nobody") {
    return { audience: audienceName, unsubscribed: suppression !== null, suppression };
  }
  return { audience: audienceName, unsubscribed: await isCategoryOff(audience, email, subject.category), suppression };
}

/** Idempotent: unsubscribing twice is the same as once. */
export async function unsubscribe(subject: SubscriptionSubject): Promise<void> {
  const email = normalizeAddress(subject.email);
  const audience = await audienceOf(subject);
  // Without a user or an owner to store a per-category choice against, the only
  // faithful way to stop the emails is the suppression list.
  if (subject.category === "all" || audience.kind === "nobody") {
    await suppress(email, "unsubscribed", subject.category === "all" ? "unsubscribed from all emails" : `unsubscribed from ${subject.category}`);
    return;
  }
  await setCategory(audience, email, subject.category, false);
}

export type ResubscribeResult = { ok: true } | { ok: false; reason: "bounced" | "complained" };

/**
 * The undo. Takes an address off the suppression list only when it got there by
 * unsubscribing: a bounce or complaint needs an explicit confirmation elsewhere.
 */
export async function resubscribe(subject: SubscriptionSubject): Promise<ResubscribeResult> {
  const email = normalizeAddress(subject.email);
  const audience = await audienceOf(subject);
  if (subject.category === "all" || audience.kind === "nobody") {
    const suppression = await db().suppression.findUnique({ where: { email }, select: { reason: true } });
    if (suppression && suppression.reason !== "unsubscribed") return { ok: false, reason: suppression.reason };
    await db().suppression.deleteMany({ where: { email, reason: "unsubscribed" } });
    return { ok: true };
  }
  await setCategory(audience, email, subject.category, true);
  return { ok: true };
}

type Person = Exclude<Audience, { kind: "nobody" }>;

async function isCategoryOff(audience: Person, email: string, category: ConfigurableCategory): Promise<boolean> {
  if (audience.kind === "user") return !(await loadPreferences(audience.userId)).categories[category].channels.email;
  const optOut = await db().recipientOptOut.findUnique({
    where: { email_ownerUserId_category: { email, ownerUserId: audience.ownerUserId, category } },
    select: { email: true },
  });
  return optOut !== null;
}

async function setCategory(audience: Person, email: string, category: ConfigurableCategory, on: boolean): Promise<void> {
  if (audience.kind === "user") {
    await db().$transaction(async (tx) => {
      // Serialises two clicks at once, so neither overwrites the other's change.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`preferences:${audience.userId}`}))`;
      const preferences = await loadPreferences(audience.userId, tx);
      preferences.categories[category].channels.email = on;
      await savePreferences(audience.userId, preferences, tx);
    });
    return;
  }
  const key = { email, ownerUserId: audience.ownerUserId, category };
  if (on) await db().recipientOptOut.deleteMany({ where: key });
  else await db().recipientOptOut.createMany({ data: [key], skipDuplicates: true });
}
