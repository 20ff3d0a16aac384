// Where a consent request's link lands (an address someone named as an extra
// recipient). Works without signing in: the signed token is the authority. Opening it
// changes nothing — mail scanners open links — only a button does; the buttons POST
// to app/api/recipient-consent, which comes back here saying what was recorded.
import type { Metadata } from "next";
import { CenteredCard } from "@/components/centered-card/centered-card";
import { consentDoneSchema, consentRequestState, type ConsentDone, type ConsentIntent, type ConsentRequestState } from "@/lib/recipient-consent/answer-consent-request";
import { verifyConsentToken } from "@/lib/recipient-consent/consent-token";
import styles from "./consent.module.css";

export const metadata: Metadata = { title: "Batch emails from Tidings", robots: { index: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

type View = { title: string; text: React.ReactNode; actions: React.ReactNode[]; status?: boolean };

export default async function ConsentPage({ params, searchParams }: Props) {
  const { token } = await params;
  const verified = verifyConsentToken(token);
  if (!verified.ok) {
    return (
      <CenteredCard>
        <h1>This link is not valid</h1>
        <p>It may have been cut short or changed on the way. Open the link straight from the email, or copy all of it.</p>
        <p className="muted">Nothing was changed.</p>
      </CenteredCard>
    );
  }
  const state = await consentRequestState(verified);
  if (!state) {
    return (
      <CenteredCard>
        <h1>This request is no longer open</h1>
        <p>The person who asked no longer uses Tidings. You will not get their emails.</p>
      </CenteredCard>
    );
  }
  const request: ConsentRequestState = state;
  const query = await searchParams;
  const done = consentDoneSchema.safeParse(query.done);
  const form = (intent: ConsentIntent, label: string, secondary = false) => (
    <form key={intent} method="post" action={`/api/recipient-consent/${token}`}>
      <input type="hidden" name="intent" value={intent} />
      <button className={secondary ? "button button-secondary" : "button"} type="submit">
        {label}
      </button>
    </form>
  );
  const owner = <strong>{request.ownerEmail}</strong>;
  const email = <strong>{verified.email}</strong>;
  const view = done.success ? doneView(done.data) : currentView(request, query.choice === "never");

  function doneView(result: ConsentDone): View {
    switch (result) {
      case "accepted":
        return { title: "You accepted", text: <>{email} will get an email when one of {owner}’s uploads is processed.</>, actions: [form("undo", "Undo")], status: true };
      case "refused":
        return {
          title: "You refused",
          text: <>{email} will not get {owner}’s batch emails, and {owner} cannot ask again.</>,
          actions: [form("undo", "Undo"), form("never", "Never ask me again, for anyone", true)],
          status: true,
        };
      case "never":
        return { title: "Tidings will not ask you again", text: <>No one can ask {email} to accept batch emails any more, and Tidings sends it nothing but sign-in links you ask for.</>, actions: [form("undo", "Undo")], status: true };
      case "undone":
        return { ...currentView(request, false), status: true };
    }
  }

  function currentView(current: ConsentRequestState, neverFirst: boolean): View {
    if (current.suppression === "bounced" || current.suppression === "complained") {
      return { title: "Emails to this address are stopped", text: <>Tidings stopped emailing {email} after {current.suppression === "bounced" ? "a bounce" : "a spam report"}.</>, actions: [] };
    }
    if (current.suppression === "unsubscribed" && current.neverAsk) {
      return { title: "You asked not to be asked", text: <>Tidings sends {email} no batch emails and no requests, from anyone.</>, actions: [form("undo", "Undo")] };
    }
    if (current.suppression === "unsubscribed") {
      return { title: "This address gets no Tidings emails", text: <>{email} unsubscribed from all Tidings emails. The unsubscribe page of any Tidings email can undo that.</>, actions: [] };
    }
    const ask = (
      <>
        The Tidings user {owner} wants to send {email} an email each time one of their uploads is processed.
      </>
    );
    switch (current.status) {
      case "pending":
        return {
          title: neverFirst ? "Never be asked again?" : "Do you want these emails?",
          text: ask,
          actions: neverFirst
            ? [form("never", "Never ask me again, for anyone"), form("refuse", "Refuse", true), form("accept", "Accept", true)]
            : [form("accept", "Accept"), form("refuse", "Refuse", true), form("never", "Never ask me again, for anyone", true)],
        };
      case "accepted":
        return { title: "You accepted these emails", text: ask, actions: [form("refuse", "Stop them"), form("never", "Never ask me again, for anyone", true)] };
      case "refused":
        return { title: "You refused these emails", text: ask, actions: [form("accept", "Accept after all"), form("never", "Never ask me again, for anyone", true)] };
    }
  }

  return (
    <CenteredCard>
      <h1>{view.title}</h1>
      <p role={view.status ? "status" : undefined}>{view.text}</p>
      {view.actions.length > 0 ? <div className={styles.actions}>{view.actions}</div> : null}
      <p className={styles.footnote}>Tidings never sends you anything from this person unless you accept.</p>
    </CenteredCard>
  );
}
