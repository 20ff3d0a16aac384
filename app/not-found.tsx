// Unknown addresses, and pages a person may not see (/admin for non-admins), in the
// app's own look with a way back. "/" sends people to the dashboard or to sign-in.
import type { Metadata } from "next";
import Link from "next/link";
import { CenteredCard } from "@/components/centered-card/centered-card";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function NotFound() {
  return (
    <CenteredCard>
      <h1>Page not found</h1>
      <p>There is nothing at this address, or it is not yours to see. Check the link, or start again from Tidings.</p>
      <Link className="button" href="/">
        Go to Tidings
      </Link>
    </CenteredCard>
  );
}
