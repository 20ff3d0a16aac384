// Auth.js sends people here when sign-in fails (pages.error).
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign-in problem" };

const messages: Record<string, { title: string; detail: string }> = {
  Verification: {
    title: "This sign-in link no longer works",
    detail: "It has expired or was already used. Each link works once, for 24 hours. Ask for a new one.",
  },
  AccessDenied: {
    title: "Sign-in was refused",
    detail: "This address cannot sign in right now. If you think that's wrong, contact whoever runs this Tidings.",
  },
  Configuration: {
    title: "Sign-in is not available right now",
    detail: "Something is wrong with this server's setup. Please try again later; the operators have been told in the logs.",
  },
};

const fallback = { title: "We couldn't sign you in", detail: "Something went wrong. Please ask for a new sign-in link." };

type Props = { searchParams: Promise<{ error?: string | string[] }> };

export default async function SignInErrorPage({ searchParams }: Props) {
  const { error } = await searchParams;
  const { title, detail } = (typeof error === "string" && messages[error]) || fallback;
  return (
    <>
      <h1>{title}</h1>
      <p>{detail}</p>
      <Link className="button" href="/sign-in">
        Send me a new link
      </Link>
    </>
  );
}
