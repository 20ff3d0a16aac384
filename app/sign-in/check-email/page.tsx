import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Check your email" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ email?: string | string[] }> };

export default async function CheckEmailPage({ searchParams }: Props) {
  const { email } = await searchParams;
  const address = typeof email === "string" && email.length <= 254 ? email : null;
  const usesMailbox = env().EMAIL_TRANSPORT === "mailbox";

  return (
    <>
      <h1>Check your email</h1>
      <p>
        We sent a sign-in link to {address ? <strong>{address}</strong> : "your address"}. It works once, for the
        next 24 hours.
      </p>
      {usesMailbox ? (
        <div className="alert" role="note">
          No email provider is configured, so Tidings kept the message in its dev mailbox.{" "}
          <Link href="/dev/mailbox">Open the dev mailbox</Link>
        </div>
      ) : (
        <p className="muted">Nothing there after a minute? Check your spam folder, or request a new link.</p>
      )}
      <p>
        <Link href={address ? `/sign-in?${new URLSearchParams({ email: address })}` : "/sign-in"}>Use a different address or send again</Link>
      </p>
    </>
  );
}
