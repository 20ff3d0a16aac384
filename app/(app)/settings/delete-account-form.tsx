"use client";

import { useActionState } from "react";
import { deleteAccountAction } from "./account-data-actions";
import styles from "./account-data.module.css";

export function DeleteAccountForm({ email }: { email: string }) {
  const [state, remove, pending] = useActionState(deleteAccountAction, null);
  const error = state && !state.ok ? state.error : null;
  const fieldError = error?.fields?.confirmEmail;
  return (
    <details className={styles.confirm}>
      <summary className={`button ${styles.danger}`}>Delete my account…</summary>
      <form action={remove} className={styles.confirmForm}>
        <label className="label" htmlFor="confirm-email">
          To confirm, type your email address, <strong>{email}</strong>
        </label>
        <input
          id="confirm-email"
          name="confirmEmail"
          type="email"
          className="input"
          required
          autoComplete="off"
          spellCheck={false}
          aria-invalid={Boolean(fieldError) || undefined}
          aria-describedby={error ? "delete-account-error" : undefined}
        />
        <button className={`button ${styles.danger}`} type="submit" disabled={pending}>
          {pending ? "Deleting…" : "Delete my account and all its data"}
        </button>
      </form>
      {error ? (
        <p id="delete-account-error" role="alert" className="alert alert-error">
          {fieldError ?? error.message}
        </p>
      ) : null}
    </details>
  );
}
