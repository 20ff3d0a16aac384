"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/app/action-state";
import { requestSignInLink } from "./actions";
import styles from "./sign-in.module.css";

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(requestSignInLink, null);
  // Controlled, because React resets uncontrolled fields after an action: a
  // rate-limit message should not also wipe the address the person typed.
  const [email, setEmail] = useState(defaultEmail);
  const error = state && !state.ok ? state.error : null;
  const emailError = error?.fields?.email ?? (error && error.code !== "validation_failed" ? null : error?.message);

  return (
    <form action={action} className={styles.form} noValidate>
      {error && error.code !== "validation_failed" ? (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <label className="label" htmlFor="email">
          Email address
        </label>
        <input
          className="input"
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          placeholder="you@example.com"
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "email-error" : undefined}
        />
        {emailError ? (
          <p id="email-error" className={styles.fieldError} role="alert">
            {emailError}
          </p>
        ) : null}
      </div>
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Sending link…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
