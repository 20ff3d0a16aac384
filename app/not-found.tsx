// Unknown addresses: Next's bare 404 replaced by the app's own look, with a way home.
import type { Metadata } from "next";
import { CenteredCard } from "@/components/centered-card/centered-card";
import { NotFoundMessage } from "@/components/not-found/not-found-message";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function NotFound() {
  return (
    <CenteredCard>
      <NotFoundMessage />
    </CenteredCard>
  );
}
