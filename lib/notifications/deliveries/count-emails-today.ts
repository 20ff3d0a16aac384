// How many notification emails an address has had since the start of its own day: what
// the daily cap is measured against (the notify job counts the same way), so the batch
// page can say an email will go into the digest once the cap is reached.
import { db } from "../../db/client";
import type { DeliveryStatus } from "../../db/generated/client";
import { startOfLocalDay } from "../preferences/zoned-time";

/** The statuses notify counts towards the cap: everything that went, or is about to go, out. */
export const COUNTS_TOWARDS_CAP: DeliveryStatus[] = ["queued", "sent", "delivered", "bounced", "complained"];

export async function countEmailsToday(email: string, timeZone: string, now = new Date()): Promise<number> {
  return db().delivery.count({
    where: { recipient: email, channel: "email", status: { in: COUNTS_TOWARDS_CAP }, createdAt: { gte: startOfLocalDay(now, timeZone) } },
  });
}
