"use client";

// Lifting the suppression of one's own address: one click after an unsubscribe, an
// explicit confirmation after a bounce or complaint.
import { useActionState, useId, useState } from "react";
import { ActionError } from "@/app/action-error";
import { resubscribeAction } from "./preference-actions";
import styles from "./preferences.module.css";

export function ResubscribeForm({ needsConfirmation }: { needsConfirmation: boolean }) {
  const id = useId();
  const [state, lift, pending] = useActionState(resubscribeAction, null);
  const [confirmed, setConfirmed] = useState(false);
  return (
    <form action={lift} className={styles.resubscribe}>
      {needsConfirmation ? (
        <label className={styles.choice}>
          <input
            type="checkbox"
            name="confirmed"
            checked={confirmed}
            onChange={(event) => setConfirmed(event.target.checked)}
            aria-describedby={state && !state.ok ? `${id}-error` : undefined}
          />{" "}
          I fixed the address / I want these emails
        </label>
      ) : null}
      <button className="button" type="submit" disabled={pending || (needsConfirmation && !confirmed)}>
        {pending ? "Subscribing…" : "Subscribe again"}
      </button>
      <p role="status" className={styles.saved}>
        {state?.ok ? state.message : ""}
      </p>
      <ActionError state={state} id={`${id}-error`} />
    </form>
  );
}
