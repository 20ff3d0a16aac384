"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import * as z from "zod/mini";
import styles from "./app-header.module.css";

const REFRESH_MS = 30_000;
const unreadResponseSchema = z.object({ unread: z.number() });

/**
 * The header's link to /notifications with the unread count. The layout renders the
 * count, but Next keeps layouts across navigations, so the bell asks again on each
 * navigation and now and then: a batch finishing elsewhere shows up without a reload.
 */
export function NotificationBell({ unread: fromServer }: { unread: number }) {
  const pathname = usePathname();
  const [unread, setUnread] = useState(fromServer);
  const [lastFromServer, setLastFromServer] = useState(fromServer);
  // A fresh server render (after "Mark read", or router.refresh) wins over the last poll.
  if (fromServer !== lastFromServer) {
    setLastFromServer(fromServer);
    setUnread(fromServer);
  }

  const firstRender = useRef(true);
  useEffect(() => {
    let cancelled = false;
    async function refresh() {
      if (document.visibilityState !== "visible") return;
      try {
        const response = await fetch("/api/notifications/unread", { cache: "no-store" });
        const body = unreadResponseSchema.safeParse(response.ok ? await response.json() : null);
        if (body.success && !cancelled) setUnread(body.data.unread);
      } catch {
        // Offline or mid-deploy: the count shown stays, and the next poll tries again.
      }
    }
    // The server just counted on the first render; after a navigation it did not.
    if (!firstRender.current) void refresh();
    firstRender.current = false;
    const timer = setInterval(refresh, REFRESH_MS);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      cancelled = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [pathname]);

  return (
    <Link
      href="/notifications"
      className={styles.bell}
      aria-current={pathname === "/notifications" ? "page" : undefined}
      title="Notifications"
      data-testid="notification-bell"
    >
      <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span className="visually-hidden">Notifications</span>
      {unread > 0 ? (
        <>
          <span className={styles.bellCount} aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
          <span className="visually-hidden">, {unread} unread</span>
        </>
      ) : null}
    </Link>
  );
}
