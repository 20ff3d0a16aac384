"use client";

// Times across the app are shown on the person's clock (their time zone setting). Until
// they have one, the browser's zone is saved once on the first signed-in page, and the
// page is rendered again with it. The preferences page adopts it itself and says so
// (settings/notifications/use-browser-time-zone.ts), so it is left alone here.
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { adoptBrowserTimeZoneAction } from "./actions";

export function AdoptBrowserTimeZone({ stored }: { stored: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const asked = useRef(false);
  useEffect(() => {
    if (stored || asked.current || pathname.startsWith("/settings/notifications")) return;
    asked.current = true;
    const data = new FormData();
    data.set("timeZone", Intl.DateTimeFormat().resolvedOptions().timeZone);
    void adoptBrowserTimeZoneAction(null, data).then((result) => {
      if (result?.ok && result.data?.adopted) router.refresh();
    });
  }, [stored, pathname, router]);
  return null;
}
