"use client";

import { useActionState, useEffect } from "react";
import { ActionError } from "@/app/action-error";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";
import styles from "./notifications.module.css";

// Stays mounted after the notification turns read (it renders "Read" instead), so the
// effect can move focus off the button that just disappeared instead of losing it.
// `titleId` names the notification's title, where focus goes once the button is gone.
export function MarkReadForm({ notificationId, title, titleId, read }: { notificationId: string; title: string; titleId: string; read: boolean }) {
  const [state, markRead, pending] = useActionState(markNotificationReadAction, null);
  useEffect(() => {
    if (state?.ok) document.getElementById(titleId)?.focus();
  }, [state, titleId]);

  if (read) return <span className="muted">Read</span>;
  return (
    <form action={markRead} className={styles.markRead}>
      <input type="hidden" name="notificationId" value={notificationId} />
      <button type="submit" className="button button-secondary" disabled={pending}>
        {pending ? "Marking…" : "Mark read"}
        <span className="visually-hidden">: {title}</span>
      </button>
      <ActionError state={state} />
    </form>
  );
}

export function MarkAllReadForm({ unread }: { unread: number }) {
  const [state, markAll, pending] = useActionState(markAllNotificationsReadAction, null);
  useEffect(() => {
    if (state?.ok) document.getElementById("notifications-title")?.focus();
  }, [state]);

  return (
    <div className={styles.toolbar}>
      {unread > 0 ? (
        <form action={markAll}>
          <button type="submit" className="button" disabled={pending}>
            {pending ? "Marking…" : "Mark all read"}
          </button>
        </form>
      ) : null}
      {/* Always in the page, so screen readers announce the message when it appears. */}
      <p role="status" className="muted">
        {state?.ok ? state.message : ""}
      </p>
      <ActionError state={state} />
    </div>
  );
}
