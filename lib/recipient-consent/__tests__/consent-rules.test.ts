// The decisions about extra recipients as tables: when an upload asks an address, when
// it is refused over a cap (and for how long), and which answers open batch emails.
import { describe, expect, it } from "vitest";
import { decideConsentRequest, extraRecipientGate, type ConsentRequestInput } from "../consent-rules";

const now = new Date("2030-03-04T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);
const input = (fields: Partial<ConsentRequestInput> = {}): ConsentRequestInput => ({
  ownAddress: false,
  existing: null,
  ownerRecent: [],
  addressRecent: [],
  limits: { newAddressesPerAccount: 5, requestsPerAddress: 3 },
  now,
  ...fields,
});

describe("decideConsentRequest", () => {
  it("asks a new address once; the owner's own address and one named before change nothing", () => {
    expect(decideConsentRequest(input())).toEqual({ action: "request" });
    expect(decideConsentRequest(input({ ownAddress: true }))).toEqual({ action: "none", reason: "own_address" });
    for (const existing of ["pending", "accepted", "refused"] as const) {
      // Even at both caps: an address already named is never asked again, and never counts again.
      const full = input({ existing, ownerRecent: Array(5).fill(hoursAgo(1)), addressRecent: Array(3).fill(hoursAgo(1)) });
      expect(decideConsentRequest(full)).toEqual({ action: "none", reason: existing });
    }
  });

  it("refuses the sixth new address of an account within a day, until the oldest request is a day old", () => {
    const ownerRecent = [hoursAgo(20), hoursAgo(3), hoursAgo(2), hoursAgo(1), hoursAgo(23)];
    expect(decideConsentRequest(input({ ownerRecent: ownerRecent.slice(0, 4) }))).toEqual({ action: "request" });
    // The request 23 hours ago leaves the window in an hour.
    expect(decideConsentRequest(input({ ownerRecent }))).toEqual({ action: "refuse", limit: "account", retryAfterSeconds: 3600 });
  });

  it("refuses a fourth request to one address within a day, from whichever accounts", () => {
    const addressRecent = [hoursAgo(1), hoursAgo(12), hoursAgo(2)];
    expect(decideConsentRequest(input({ addressRecent: addressRecent.slice(0, 2) }))).toEqual({ action: "request" });
    expect(decideConsentRequest(input({ addressRecent }))).toEqual({ action: "refuse", limit: "address", retryAfterSeconds: 12 * 3600 });
  });

  it("names the account's cap first when both are reached", () => {
    const decision = decideConsentRequest(input({ ownerRecent: Array(5).fill(hoursAgo(1)), addressRecent: Array(3).fill(hoursAgo(1)) }));
    expect(decision).toMatchObject({ action: "refuse", limit: "account" });
  });
});

describe("extraRecipientGate", () => {
  it("opens batch emails only for an accepted request", () => {
    expect(extraRecipientGate("accepted")).toEqual({ allowed: true });
    expect(extraRecipientGate("pending")).toEqual({ allowed: false, reason: "recipient_pending" });
    expect(extraRecipientGate("refused")).toEqual({ allowed: false, reason: "recipient_refused" });
    // Named before consent existed: never asked, so never agreed.
    expect(extraRecipientGate(undefined)).toEqual({ allowed: false, reason: "recipient_not_asked" });
  });
});
