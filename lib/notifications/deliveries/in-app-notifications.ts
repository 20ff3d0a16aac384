// The in-app notifications behind the header bell: in_app deliveries the notify job
// marked delivered. Every query is scoped to the owner, so an id from someone else's
// list reads and changes nothing.
import type { Prisma } from "../../db/generated/client";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { describeEvent } from "../events";

export type InAppNotification = {
  id: string;
  /** "contacts.csv: 9,812 valid of 10,000" — the same words as the email subject. */
  title: string;
  /** The batch page, when the event still names one. */
  href: string | null;
  createdAt: Date;
  readAt: Date | null;
};

export const DEFAULT_NOTIFICATION_LIMIT = 50;

const ownNotifications = (userId: string) =>
  ({ userId, channel: "in_app", status: "delivered" }) satisfies Prisma.DeliveryWhereInput;

/** The latest `limit` notifications, newest first, read ones included. */
export async function listInAppNotifications(userId: string, limit = DEFAULT_NOTIFICATION_LIMIT): Promise<InAppNotification[]> {
  const rows = await db().delivery.findMany({
    where: ownNotifications(userId),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, createdAt: true, readAt: true, event: { select: { type: true, batchId: true, payload: true } } },
  });
  return rows.map(({ event, ...row }) => {
    const summary = describeEvent(event);
    return { ...row, title: summary?.headline ?? "Notification", href: summary ? `/batches/${summary.batchId}` : null };
  });
}

export async function countUnreadNotifications(userId: string): Promise<number> {
  return db().delivery.count({ where: { ...ownNotifications(userId), readAt: null } });
}

/** Idempotent: reading a read notification again keeps its first readAt. Someone else's id is not_found. */
export async function markNotificationRead(userId: string, notificationId: string): Promise<void> {
  const where = { ...ownNotifications(userId), id: notificationId };
  const { count } = await db().delivery.updateMany({ where: { ...where, readAt: null }, data: { readAt: new Date() } });
  if (count === 0 && (await db().delivery.count({ where })) === 0) {
    throw new AppError("not_found", "That notification does not exist.");
  }
}

/** Returns how many were unread. */
export async function markAllNotificationsRead(userId: string): Promise<number> {
  const { count } = await db().delivery.updateMany({ where: { ...ownNotifications(userId), readAt: null }, data: { readAt: new Date() } });
  return count;
}
