"use client";
// Re-renders the server page every few seconds so new mail shows up without a reload.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function AutoRefresh({ everyMs = 3000 }: Readonly<{ everyMs?: number }>) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      // Background tabs need not poll the server.
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
