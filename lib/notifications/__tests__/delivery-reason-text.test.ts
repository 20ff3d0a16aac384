import { describe, expect, it } from "vitest";
import { deliveryReasonText, type ReasonInput } from "../deliveries/delivery-reason-text";

const email = (reason: string | null, fields: Partial<ReasonInput> = {}): ReasonInput => ({
  channel: "email",
  status: "skipped_preference",
  reason,
  deferUntil: null,
  timeZone: "UTC",
  ...fields,
});

describe("deliveryReasonText", () => {
  it("puts every rule that held an email back into words", () => {
    expect(deliveryReasonText(email("batch_contract"))).toBe("The upload asked for no email for this outcome");
    expect(deliveryReasonText(email("preference_off"))).toBe("Turned off in the recipient’s notification settings, or unsubscribed");
    expect(deliveryReasonText(email("suppressed", { status: "suppressed" }))).toBe(
      "The address is on the suppression list (bounce, complaint or unsubscribe)",
    );
    expect(deliveryReasonText(email("daily_cap", { status: "digested" }))).toBe("Daily limit reached: goes into your next digest");
    expect(deliveryReasonText(email("digest_mode", { status: "digested" }))).toBe("Collected for your digest");
  });

  it("tells the owner why an extra recipient got no batch email, and that the consent request went out", () => {
    expect(deliveryReasonText(email("recipient_pending"))).toBe("Waiting for the recipient to accept your batch emails");
    expect(deliveryReasonText(email("recipient_refused"))).toBe("The recipient declined your batch emails");
    expect(deliveryReasonText(email("recipient_not_asked"))).toBe(
      "The recipient has not accepted your batch emails: name the address on a new upload to ask",
    );
    expect(deliveryReasonText(email("consent_request", { status: "queued" }))).toBe("Asked the address once whether it accepts your batch emails");
  });

  it("says until when quiet hours hold an email, on the recipient's clock", () => {
    const deferUntil = new Date("2030-03-04T06:00:00Z");
    expect(deliveryReasonText(email("quiet_hours", { status: "deferred", deferUntil }))).toBe("Held back for quiet hours until Mar 4, 6:00 AM UTC");
    expect(deliveryReasonText(email("quiet_hours", { status: "deferred", deferUntil, timeZone: "America/New_York" }))).toBe(
      "Held back for quiet hours until Mar 4, 1:00 AM EST",
    );
    // A zone that no longer parses must not break the whole log.
    expect(deliveryReasonText(email("quiet_hours", { status: "deferred", deferUntil, timeZone: "Mars/Olympus" }))).toBe(
      "Held back for quiet hours until Mar 4, 6:00 AM UTC",
    );
  });

  it("does not claim an in-app notification was held back: only email waits", () => {
    const inApp = (reason: string) => deliveryReasonText(email(reason, { channel: "in_app", status: "delivered" }));
    expect(inApp("quiet_hours")).toBe("Shown in the app at once: quiet hours, limits and digests hold back email only");
    expect(inApp("daily_cap")).toBe(inApp("quiet_hours"));
    expect(inApp("instant")).toBe("Shown in the app right away");
  });

  it("has nothing to say without a known reason rather than showing a code", () => {
    expect(deliveryReasonText(email(null))).toBeNull();
    expect(deliveryReasonText(email("toString"))).toBeNull();
    expect(deliveryReasonText(email("something_new"))).toBeNull();
  });
});
