// The bell's notifications: titles, unread count, marking read — and a person can never
// read or mark someone else's. Real Postgres.
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import {
  countUnreadNotifications,
  listInAppNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "../deliveries/in-app-notifications";
import { batchEvent, delivery, inAppNotification, minutesAgo, newUser } from "./support/delivery-rows";

const readAtOf = async (id: string) => (await db().delivery.findUniqueOrThrow({ where: { id } })).readAt;

describe("in-app notifications", () => {
  it("lists the newest first with the email's words as title and a link to the batch", async () => {
    const user = await newUser();
    const older = await batchEvent(user.id, ["old.csv"]);
    const newer = await batchEvent(user.id, ["contacts.csv"]);
    await inAppNotification(older, { createdAt: minutesAgo(2) });
    await inAppNotification(newer, { createdAt: minutesAgo(1) });

    const list = await listInAppNotifications(user.id);
    expect(list.map(({ title, href, readAt }) => ({ title, href, readAt }))).toEqual([
      { title: "contacts.csv: 9,812 valid of 10,000", href: `/batches/${newer.batchId}`, readAt: null },
      { title: "old.csv: 9,812 valid of 10,000", href: `/batches/${older.batchId}`, readAt: null },
    ]);
    expect(await listInAppNotifications(user.id, 1)).toHaveLength(1);
  });

  it("counts only delivered in-app rows that are unread: not emails, not in-app turned off", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id);
    await inAppNotification(event);
    await inAppNotification(await batchEvent(user.id), { readAt: new Date() });
    await inAppNotification(await batchEvent(user.id), { status: "skipped_preference", reason: "preference_off", deliveredAt: null });
    await delivery(event, { status: "delivered" });

    expect(await countUnreadNotifications(user.id)).toBe(1);
    expect(await listInAppNotifications(user.id)).toHaveLength(2);
  });

  it("marks one read, once: a second time keeps the first readAt", async () => {
    const user = await newUser();
    const first = await inAppNotification(await batchEvent(user.id));
    const second = await inAppNotification(await batchEvent(user.id));

    await markNotificationRead(user.id, first.id);
    const readAt = await readAtOf(first.id);
    expect(readAt).toBeInstanceOf(Date);
    expect(await readAtOf(second.id)).toBeNull();
    expect(await countUnreadNotifications(user.id)).toBe(1);

    await markNotificationRead(user.id, first.id);
    expect(await readAtOf(first.id)).toEqual(readAt);
  });

  it("refuses to mark someone else's notification, or anything that is not one, and changes nothing", async () => {
    const owner = await newUser();
    const stranger = await newUser("stranger");
    const theirs = await inAppNotification(await batchEvent(stranger.id));
    const ownEmail = await delivery(await batchEvent(owner.id), { status: "delivered" });

    await expect(markNotificationRead(owner.id, theirs.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(markNotificationRead(owner.id, ownEmail.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(markNotificationRead(owner.id, "no-such-id")).rejects.toMatchObject({ code: "not_found" });
    expect(await readAtOf(theirs.id)).toBeNull();
    expect(await readAtOf(ownEmail.id)).toBeNull();
    expect(await listInAppNotifications(owner.id)).toEqual([]);
  });

  it("marks all of the person's own read and leaves everyone else's unread", async () => {
    const owner = await newUser();
    const stranger = await newUser("stranger");
    await inAppNotification(await batchEvent(owner.id));
    await inAppNotification(await batchEvent(owner.id));
    await inAppNotification(await batchEvent(owner.id), { readAt: minutesAgo(5) });
    await inAppNotification(await batchEvent(stranger.id));

    expect(await markAllNotificationsRead(owner.id)).toBe(2);
    expect(await countUnreadNotifications(owner.id)).toBe(0);
    expect(await countUnreadNotifications(stranger.id)).toBe(1);
    expect(await markAllNotificationsRead(owner.id)).toBe(0);
  });
});
