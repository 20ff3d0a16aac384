import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tidings", template: "%s · Tidings" },
  description: "Upload files, let them process in the background, hear back by email — on your terms.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts must carry the nonce of this
  // request's Content-Security-Policy (proxy.ts), which a page built once cannot know.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
