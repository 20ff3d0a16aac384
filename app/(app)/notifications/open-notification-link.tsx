"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent, ReactNode } from "react";
import { markNotificationReadAction } from "./actions";

/**
 * A notification's title: opening it marks it read, as a person expects of an inbox.
 * A plain click waits for the mark, then opens the batch, so the count is right when
 * they come back; a click into a new tab marks it without holding the tab up.
 */
export function OpenNotificationLink(props: { notificationId: string; href: string; read: boolean; id: string; className?: string; children: ReactNode }) {
  const { notificationId, href, read, children, ...linkProps } = props;
  const router = useRouter();

  function markRead(): Promise<unknown> {
    const form = new FormData();
    form.set("notificationId", notificationId);
    return markNotificationReadAction(null, form);
  }

  async function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (read) return;
    const newTab = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0;
    if (newTab) {
      void markRead();
      return;
    }
    event.preventDefault();
    // Opening wins over marking: should the mark fail, the batch still opens.
    await markRead().catch(() => undefined);
    router.push(href);
  }

  return (
    <Link href={href} onClick={onClick} {...linkProps} data-testid="open-notification">
      {children}
    </Link>
  );
}
