import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/app/auth";
import { loopbackAliasRedirect } from "@/lib/auth/loopback-origin";
import { callbackPathSchema, isDownloadDestination } from "@/lib/auth/sign-in-input";
import { env } from "@/lib/env";
import { SignInForm } from "./sign-in-form";
import styles from "./sign-in.module.css";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = callbackPathSchema.parse(first(params.callbackUrl));
  // Sign in on APP_URL's origin, where the link and the cookie will be (lib/auth/loopback-origin.ts).
  // Here and not in proxy.ts: Next.js turns a proxy redirect between loopback hosts into a relative one.
  const request = await headers();
  const onAppOrigin = loopbackAliasRedirect({
    host: request.get("host"),
    protocol: `${request.get("x-forwarded-proto") ?? "http"}:`,
    pathAndQuery: `/sign-in?${new URLSearchParams(Object.entries(params).flatMap(([name, value]) => [value ?? []].flat().map((one) => [name, one])))}`,
    appUrl: env().APP_URL,
    production: env().APP_ENV === "production",
  });
  if (onAppOrigin) redirect(onAppOrigin);
  if (await auth()) redirect(callbackUrl);

  return (
    <>
      <h1>Sign in to Tidings</h1>
      {first(params.signedOut) ? <p role="status">You are signed out.</p> : null}
      {first(params.accountDeleted) ? <p role="status">Your account and its data have been deleted. You are signed out.</p> : null}
      {isDownloadDestination(callbackUrl) ? <p>Sign in to download your file.</p> : null}
      <p className="muted">Enter your email address and we will send you a link that signs you in. No password needed.</p>
      <SignInForm callbackUrl={callbackUrl} defaultEmail={first(params.email) ?? ""} />
      <p className={styles.footnote}>New here? The same link creates your account.</p>
    </>
  );
}
