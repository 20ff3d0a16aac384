// Where magic links land. Only the button spends the token, so mail scanners that
// open links ahead of the person do not sign anyone in or burn the link.
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { inspectMagicLink, MAGIC_LINK_PROVIDER_ID } from "@/lib/auth/magic-link";
import { callbackPathSchema, emailAddressSchema, isDownloadDestination } from "@/lib/auth/sign-in-input";
import styles from "../sign-in.module.css";

export const metadata: Metadata = { title: "Confirm sign-in", robots: { index: false } };
export const dynamic = "force-dynamic";

const linkSchema = z.object({
  token: z.string().min(16).max(256),
  email: emailAddressSchema,
  callbackUrl: callbackPathSchema,
});

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConfirmSignInPage({ searchParams }: Props) {
  const link = linkSchema.safeParse(await searchParams);
  if (!link.success) {
    return <LinkProblem title="This sign-in link is incomplete" detail="Part of the link is missing. Copy the whole link from the email, or ask for a new one." />;
  }
  const { token, email, callbackUrl } = link.data;
  const state = await inspectMagicLink({ email, token });
  if (state === "expired") {
    return <LinkProblem email={email} title="This sign-in link has expired" detail="Links work for 24 hours. Ask for a new one and use it within a day." />;
  }
  if (state === "spent") {
    return (
      <LinkProblem
        email={email}
        title="This sign-in link was already used"
        detail="Each link signs you in once. Ask for a new link to sign in again."
      />
    );
  }

  return (
    <>
      <h1>Sign in to Tidings</h1>
      <p>
        Continue as <strong>{email}</strong>.
      </p>
      <form method="get" action={`/api/auth/callback/${MAGIC_LINK_PROVIDER_ID}`}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <button className={`button ${styles.fullWidth}`} type="submit">
          Sign in
        </button>
      </form>
      {isDownloadDestination(callbackUrl) ? (
        <p className={styles.footnote}>Your download starts as soon as you are signed in; this page stays open, and you can close it then.</p>
      ) : null}
      <p className={styles.footnote}>
        Not you, or didn&apos;t ask to sign in? Close this page; nothing happens until you press the button.
      </p>
    </>
  );
}

function LinkProblem({ title, detail, email }: { title: string; detail: string; email?: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{detail}</p>
      <Link className="button" href={email ? `/sign-in?${new URLSearchParams({ email })}` : "/sign-in"}>
        Send me a new link
      </Link>
    </>
  );
}
