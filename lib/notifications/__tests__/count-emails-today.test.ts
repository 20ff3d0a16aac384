// The count the batch page reads the daily cap against: today's emails to the address,
// on its own clock, of the statuses the notify job counts. Real Postgres.
import { describe, expect, it } from "vitest";
import { countEmailsToday } from "../deliveries/count-emails-today";
import { batchEvent, delivery, newUser } from "./support/delivery-rows";

describe("countEmailsToday", () => {
  it("counts today's emails that went out, not skipped ones, other channels or yesterday's", async () => {
    const user = await newUser();
    // One event per row: a delivery is unique per event, channel and recipient.
    const event = () => batchEvent(user.id);
    const now = new Date("2026-03-04T12:00:00Z");
    const at = (iso: string) => new Date(iso);
    await delivery(await event(), { recipient: user.email, status: "sent", createdAt: at("2026-03-04T09:00:00Z") });
    await delivery(await event(), { recipient: user.email, status: "queued", createdAt: at("2026-03-04T10:00:00Z"), category: "batch_failed" });
    await delivery(await event(), { recipient: user.email, status: "skipped_preference", createdAt: at("2026-03-04T10:30:00Z"), category: "digest" });
    await delivery(await event(), { recipient: user.email, status: "sent", createdAt: at("2026-03-03T23:30:00Z"), category: "results_expiring" });
    await delivery(await event(), { recipient: user.id, channel: "in_app", status: "delivered", createdAt: at("2026-03-04T09:00:00Z") });

    expect(await countEmailsToday(user.email, "UTC", now)).toBe(2);
    // In Tokyo it is 21:00 on 4 March, a day that began at 15:00 UTC on the 3rd: the 23:30 UTC email counts too.
    expect(await countEmailsToday(user.email, "Asia/Tokyo", now)).toBe(3);
  });
});
