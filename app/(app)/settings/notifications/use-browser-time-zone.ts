"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { adoptBrowserTimeZoneAction } from "../../actions";

/** On a first visit (nothing stored), saves the browser's zone once; returns it when it was adopted. */
export function useBrowserTimeZone(stored: boolean, onAdopted: (timeZone: string) => void): string | null {
  const router = useRouter();
  const [adopted, setAdopted] = useState<string | null>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (stored || asked.current) return;
    asked.current = true;
    const data = new FormData();
    data.set("timeZone", Intl.DateTimeFormat().resolvedOptions().timeZone);
    void adoptBrowserTimeZoneAction(null, data).then((result) => {
      if (result?.ok && result.data?.adopted) {
        setAdopted(result.data.timeZone);
        onAdopted(result.data.timeZone);
      } else if (result?.ok) {
        // Another tab or page stored a zone first: show the page with it, so the
        // next save does not write this page's stale default back.
        router.refresh();
      }
    });
  }, [stored, onAdopted, router]);
  return adopted;
}
