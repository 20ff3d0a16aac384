import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/app/require-user";
import { formatInZone } from "@/lib/notifications/deliveries/delivery-reason-text";
import { countUnreadNotifications, listInAppNotifications } from "@/lib/notifications/deliveries/in-app-notifications";
import { loadPreferences } from "@/lib/notifications/preferences/preference-store";
import { MarkAllReadForm, MarkReadForm } from "./mark-read-forms";
import { OpenNotificationLink } from "./open-notification-link";
import styles from "./notifications.module.css";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requireUser();
  const [notifications, unread, preferences] = await Promise.all([
    listInAppNotifications(user.id),
    countUnreadNotifications(user.id),
    loadPreferences(user.id),
  ]);

  return (
    <>
      <div className={styles.heading}>
        {/* Focusable from script: "Mark all read" returns focus here once its button is gone. */}
        <h1 id="notifications-title" tabIndex={-1}>
          Notifications
        </h1>
        <p className="muted">
          {unread === 0 ? "You are all caught up." : `${unread} unread.`} What was emailed, held back or skipped is in the{" "}
          <Link href="/settings/notifications">delivery log</Link>.
        </p>
      </div>
      <MarkAllReadForm unread={unread} />
      {notifications.length === 0 ? (
        <p className={`card ${styles.empty}`}>No notifications yet. When a batch finishes, you will find it here.</p>
      ) : (
        <ul className={styles.list} aria-labelledby="notifications-title">
          {notifications.map((notification) => {
            const read = notification.readAt !== null;
            const titleProps = { id: `notification-${notification.id}`, className: styles.title };
            return (
              <li key={notification.id} className={`${styles.item} ${read ? "" : styles.unread}`} data-testid="notification">
                <div className={styles.body}>
                  {read ? null : <span className={styles.newBadge}>New</span>}
                  {notification.href ? (
                    <OpenNotificationLink notificationId={notification.id} href={notification.href} read={read} {...titleProps}>
                      {notification.title}
                    </OpenNotificationLink>
                  ) : (
                    <span tabIndex={-1} {...titleProps}>
                      {notification.title}
                    </span>
                  )}
                  <time className={styles.when} dateTime={notification.createdAt.toISOString()}>
                    {formatInZone(notification.createdAt, preferences.timeZone)}
                  </time>
                </div>
                <MarkReadForm notificationId={notification.id} title={notification.title} titleId={titleProps.id} read={read} />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
