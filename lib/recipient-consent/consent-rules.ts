// The decisions about extra recipients (addresses a user names at upload that are not
// their own), pure so they can be tested as tables:
// - at upload: ask the address (one consent email), leave things as they are, or
//   refuse the upload because a daily cap is reached;
// - when a batch finishes: may the address get the batch email (with its file names)?
import type { RecipientConsentStatus } from "../db/generated/client";

export type ConsentStatus = RecipientConsentStatus;

export type ConsentLimits = Readonly<{
  /** New extra-recipient addresses one account may name per day (EXTRA_RECIPIENT_NEW_PER_DAY). */
  newAddressesPerAccount: number;
  /** Consent requests one address may get per day, from all accounts together (EXTRA_RECIPIENT_REQUESTS_PER_ADDRESS_PER_DAY). */
  requestsPerAddress: number;
}>;

export const CONSENT_WINDOW_MS = 24 * 60 * 60 * 1000;

export type ConsentRequestInput = Readonly<{
  /** The address is the owner's own sign-in address. */
  ownAddress: boolean;
  /** This owner's row for the address, if they named it before. */
  existing: ConsentStatus | null;
  /** When this owner asked new addresses within the last day. */
  ownerRecent: readonly Date[];
  /** When any account asked this address within the last day. */
  addressRecent: readonly Date[];
  limits: ConsentLimits;
  now: Date;
}>;

export type ConsentRequestDecision =
  | { action: "none"; reason: "own_address" | ConsentStatus }
  | { action: "request" }
  | { action: "refuse"; limit: "account" | "address"; retryAfterSeconds: number };

/**
 * The owner's own address and an address already named (whatever its answer) change
 * nothing: at most one consent email per owner × address, ever. A new address is
 * asked, unless the owner named too many new addresses today or the address was asked
 * too often today by anyone.
 */
export function decideConsentRequest(input: ConsentRequestInput): ConsentRequestDecision {
  if (input.ownAddress) return { action: "none", reason: "own_address" };
  if (input.existing !== null) return { action: "none", reason: input.existing };
  const retryAfter = (recent: readonly Date[], limit: number) => {
    // The cap frees up when enough of the oldest requests leave the window.
    const sorted = [...recent].map((date) => date.getTime()).sort((a, b) => a - b);
    const freesAt = (sorted[sorted.length - limit] ?? input.now.getTime()) + CONSENT_WINDOW_MS;
    return Math.max(1, Math.ceil((freesAt - input.now.getTime()) / 1000));
  };
  if (input.ownerRecent.length >= input.limits.newAddressesPerAccount) {
    return { action: "refuse", limit: "account", retryAfterSeconds: retryAfter(input.ownerRecent, input.limits.newAddressesPerAccount) };
  }
  if (input.addressRecent.length >= input.limits.requestsPerAddress) {
    return { action: "refuse", limit: "address", retryAfterSeconds: retryAfter(input.addressRecent, input.limits.requestsPerAddress) };
  }
  return { action: "request" };
}

/** Why an extra recipient's batch email was held back: delivery reason codes. */
export const CONSENT_SKIP_REASONS = ["recipient_pending", "recipient_refused", "recipient_not_asked"] as const;
export type ConsentSkipReason = (typeof CONSENT_SKIP_REASONS)[number];

/**
 * Whether an extra recipient may get a batch email of this owner. Only `accepted`
 * opens it; no row means the address was named before consent existed, and was
 * never asked.
 */
export function extraRecipientGate(status: ConsentStatus | undefined): { allowed: true } | { allowed: false; reason: ConsentSkipReason } {
  switch (status) {
    case "accepted":
      return { allowed: true };
    case "pending":
      return { allowed: false, reason: "recipient_pending" };
    case "refused":
      return { allowed: false, reason: "recipient_refused" };
    case undefined:
      return { allowed: false, reason: "recipient_not_asked" };
  }
}

export function consentKey(ownerUserId: string, email: string): string {
  return `${ownerUserId}\n${email}`;
}
