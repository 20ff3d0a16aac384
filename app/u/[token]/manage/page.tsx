// The manage page of an extra recipient (an address a Tidings user named on their
// batches): what they get from that owner, a checkbox per category, and "unsubscribe
// from all" (with "subscribe again"). Plain forms, so it works without JavaScript;
// POSTs go to app/api/unsubscribe/[token]/manage (see proxy.ts), which answers back
// to this page. A user's own address is sent to their settings instead.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CenteredCard } from "@/components/centered-card/centered-card";
import type { SuppressionReason } from "@/lib/db/generated/client";
import { categoryLabels } from "@/lib/notifications/preferences/category-labels";
import { recipientSubscriptions } from "@/lib/unsubscribe/recipient-subscriptions";
import { type UnsubscribePageDone, unsubscribePageDoneSchema } from "@/lib/unsubscribe/unsubscribe-page-intent";
import { verifyUnsubscribeToken } from "@/lib/unsubscribe/unsubscribe-token";
import { InvalidUnsubscribeLink } from "../../invalid-unsubscribe-link";
import styles from "../unsubscribe.module.css";

export const metadata: Metadata = { title: "What you receive", robots: { index: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ManageSubscriptionsPage({ params, searchParams }: Props) {
  const { token } = await params;
  const verified = verifyUnsubscribeToken(token);
  // proxy.ts answers bad links with a 400 before this page renders; this is the backstop.
  if (!verified.ok) return <InvalidUnsubscribeLink />;
  const subscriptions = await recipientSubscriptions(verified);
  if (subscriptions.kind === "user") redirect("/settings/notifications");
  const query = await searchParams;
  const saved = query.saved === "1";
  const done = unsubscribePageDoneSchema.safeParse(query.done);
  const status = done.success ? <p role="status">{doneMessage(done.data)}</p> : null;

  // Not suppressed: stop everything. Unsubscribed from all: its undo. Stopped after a
  // bounce or a spam report: nothing to press here.
  const allActions = (suppression: SuppressionReason | null) => {
    if (suppression !== null && suppression !== "unsubscribed") return null;
    const [intent, label] = suppression === null ? ["unsubscribe_all", "Unsubscribe from all Tidings emails"] : ["resubscribe_all", "Subscribe again"];
    return (
      <form className={styles.actions} method="post" action={`/u/${token}/manage`}>
        <input type="hidden" name="intent" value={intent} />
        <button className="button button-secondary" type="submit">
          {label}
        </button>
      </form>
    );
  };

  if (subscriptions.kind === "no_owner") {
    return (
      <CenteredCard>
        <h1>What you receive</h1>
        {status}
        <p>
          The account that added <strong>{verified.email}</strong> no longer exists, so there is nothing to choose here.{" "}
          {subscriptions.suppression === null ? "You can still stop all Tidings emails." : null}
        </p>
        {allActions(subscriptions.suppression)}
      </CenteredCard>
    );
  }

  const { email, ownerEmail, categories, suppression } = subscriptions;
  return (
    <CenteredCard>
      <h1>What you receive</h1>
      <p>
        Emails to <strong>{email}</strong> from Tidings batches of <strong>{ownerEmail}</strong>.
      </p>
      {saved ? <p role="status">Your choices are saved.</p> : status}
      {suppression ? (
        <p>
          {suppression === "unsubscribed"
            ? "You unsubscribed from all Tidings emails, so none are sent whatever you choose below."
            : `Tidings stopped emailing this address after ${suppression === "bounced" ? "a bounce" : "a spam report"}, so none are sent whatever you choose below.`}
        </p>
      ) : null}
      <form method="post" action={`/u/${token}/manage`}>
        <input type="hidden" name="intent" value="save" />
        <fieldset>
          <legend>Choose what you receive</legend>
          {categories.map(({ category, receiving }) => (
            <p key={category}>
              <label>
                <input type="checkbox" name="receive" value={category} defaultChecked={receiving} /> “{categoryLabels[category]}” emails
              </label>
            </p>
          ))}
        </fieldset>
        <div className={styles.actions}>
          <button className="button" type="submit">
            Save
          </button>
        </div>
      </form>
      {allActions(suppression)}
    </CenteredCard>
  );
}

// What the page says after one of its "all" buttons (the only results this page's forms produce).
function doneMessage(done: UnsubscribePageDone): string {
  switch (done) {
    case "unsubscribed_all":
    case "unsubscribed":
      return "You are unsubscribed from all Tidings emails.";
    case "resubscribed_all":
    case "resubscribed":
      return "You are subscribed again: you get the emails chosen below.";
    case "still_suppressed_bounced":
    case "still_suppressed_complained":
      return "Emails to this address stay stopped: an earlier email to it bounced or was reported as spam.";
  }
}
