// Subscribing again from the preference center: an unsubscribe from everything is
// lifted at once, a bounce or complaint only with an explicit confirmation. Real Postgres.
import { beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { newUser } from "../../notifications/__tests__/support/finished-batch";
import { isSuppressed, suppress } from "../../notifications/deliveries/suppression";
import { liftSuppression } from "../lift-suppression";
import { unsubscribe } from "../manage-subscription";

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});

describe("liftSuppression", () => {
  it("lifts an unsubscribe from everything without a confirmation", async () => {
    const user = await newUser();
    await unsubscribe({ email: user.email, category: "all", ownerUserId: user.id });
    expect(await isSuppressed(user.email)).toBe(true);
    expect(await liftSuppression({ email: user.email, confirmed: false })).toEqual({ ok: true, lifted: "unsubscribed" });
    expect(await isSuppressed(user.email)).toBe(false);
  });

  for (const reason of ["bounced", "complained"] as const) {
    it(`keeps a ${reason} address suppressed until the person confirms, then lifts it`, async () => {
      const user = await newUser();
      await suppress(user.email, reason, "provider said so");
      expect(await liftSuppression({ email: user.email, confirmed: false })).toEqual({ ok: false, reason: "confirmation_required", suppression: reason });
      expect(await isSuppressed(user.email)).toBe(true);
      // The address as typed differently still names the same list entry.
      expect(await liftSuppression({ email: ` ${user.email.toUpperCase()} `, confirmed: true })).toEqual({ ok: true, lifted: reason });
      expect(await isSuppressed(user.email)).toBe(false);
    });
  }

  it("changes nothing for an address that is not suppressed", async () => {
    const user = await newUser();
    expect(await liftSuppression({ email: user.email, confirmed: true })).toEqual({ ok: true, lifted: null });
  });
});
