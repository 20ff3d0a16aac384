// Where the unsubscribe link of an email lands. Opening it changes nothing — link
// scanners prefetch links — only a button does. Mail clients' one-click POST to the
// same address is answered by app/api/unsubscribe (see proxy.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { CenteredCard } from "@/components/centered-card/centered-card";
import { categoryLabels } from "@/lib/notifications/preferences/category-labels";
import { subscriptionState } from "@/lib/unsubscribe/manage-subscription";
import { unsubscribePageDoneSchema, type UnsubscribePageDone, type UnsubscribePageIntent } from "@/lib/unsubscribe/unsubscribe-page-intent";
import { verifyUnsubscribeToken, type UnsubscribeCategory } from "@/lib/unsubscribe/unsubscribe-token";
import { InvalidUnsubscribeLink } from "../invalid-unsubscribe-link";
import styles from "./unsubscribe.module.css";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function UnsubscribePage({ params, searchParams }: Props) {
  const { token } = await params;
  const verified = verifyUnsubscribeToken(token);
  // proxy.ts answers bad links with a 400 before this page renders; this is the backstop.
  if (!verified.ok) return <InvalidUnsubscribeLink />;
  const done = unsubscribePageDoneSchema.safeParse((await searchParams).done);
  const state = await subscriptionState(verified);
  const what = emailsNamed(verified.category);
  const email = <strong>{verified.email}</strong>;
  const manage =
    state.audience === "user" ? (
      <Link href="/settings/notifications">Manage preferences</Link>
    ) : verified.ownerUserId !== undefined ? (
      <Link href={`/u/${token}/manage`}>Manage what you receive</Link>
    ) : null;
  const form = (intent: UnsubscribePageIntent, label: string, secondary = false) => (
    <form key={intent} method="post" action={`/u/${token}`}>
      <input type="hidden" name="intent" value={intent} />
      <button className={secondary ? "button button-secondary" : "button"} type="submit">
        {label}
      </button>
    </form>
  );

  const view = done.success ? doneView(done.data) : null;
  function doneView(result: UnsubscribePageDone) {
    switch (result) {
      case "unsubscribed":
        return { title: "You are unsubscribed", text: <>{email} will no longer get {what}.</>, actions: [form("resubscribe", "Undo"), form("unsubscribe_all", "Unsubscribe from all Tidings emails", true)] };
      case "unsubscribed_all":
        return { title: "You are unsubscribed from everything", text: <>{email} will no longer get any Tidings emails, except sign-in links you ask for.</>, actions: [form("resubscribe_all", "Undo")] };
      case "resubscribed":
        return { title: "You are subscribed again", text: <>{email} will get {what} again.</>, actions: [form("unsubscribe", "Unsubscribe", true)] };
      case "resubscribed_all":
        return { title: "You are subscribed again", text: <>{email} can get Tidings emails again.</>, actions: [form("unsubscribe_all", "Unsubscribe from all Tidings emails", true)] };
      case "still_suppressed_bounced":
      case "still_suppressed_complained":
        return {
          title: "Emails to this address are stopped",
          text: (
            <>
              {result === "still_suppressed_bounced" ? "Emails to " : "A spam report came from "}
              {email}
              {result === "still_suppressed_bounced" ? " bounced" : ""}, so Tidings stopped sending to it. To get emails again, sign in and confirm it in your notification settings.
            </>
          ),
          actions: [],
        };
    }
  }

  const current = state.unsubscribed
    ? {
        title: "Already unsubscribed",
        text: state.suppression && state.suppression !== "unsubscribed"
          ? <>Tidings stopped emailing {email} after {state.suppression === "bounced" ? "a bounce" : "a spam report"}.</>
          : <>{email} does not get {verified.category === "all" || state.suppression ? "any Tidings emails" : what}.</>,
        actions: state.suppression === "bounced" || state.suppression === "complained" ? [] : [form(state.suppression ? "resubscribe_all" : "resubscribe", "Subscribe again")],
      }
    : {
        title: "Unsubscribe?",
        text: <>Stop sending {what} to {email}?</>,
        actions: [form(verified.category === "all" ? "unsubscribe_all" : "unsubscribe", "Unsubscribe"), ...(verified.category === "all" ? [] : [form("unsubscribe_all", "Unsubscribe from all Tidings emails", true)])],
      };
  const shown = view ?? current;

  return (
    <CenteredCard>
      <h1>{shown.title}</h1>
      <p role={view ? "status" : undefined}>{shown.text}</p>
      {shown.actions.length > 0 ? <div className={styles.actions}>{shown.actions}</div> : null}
      {manage ? <p className={styles.footnote}>{manage}</p> : null}
    </CenteredCard>
  );
}

function emailsNamed(category: UnsubscribeCategory): string {
  return category === "all" ? "any Tidings emails" : `“${categoryLabels[category]}” emails`;
}
