"use client";

import { useActionState, useState } from "react";
import { createApiTokenAction } from "./api-token-actions";
import styles from "./api-tokens.module.css";

export function CreateApiTokenForm({ atLimit }: { atLimit: boolean }) {
  const [state, create, pending] = useActionState(createApiTokenAction, null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = state?.ok && state.data && state.data.token !== dismissed ? state.data : null;
  const error = state && !state.ok ? state.error : null;
  const nameInvalid = Boolean(error?.fields?.name);

  return (
    <>
      <form action={create} className={styles.createForm}>
        <div className={styles.nameField}>
          <label className="label" htmlFor="api-token-name">
            Token name
          </label>
          <input
            id="api-token-name"
            name="name"
            className="input"
            required
            maxLength={100}
            autoComplete="off"
            placeholder="e.g. CRM sync"
            aria-invalid={nameInvalid || undefined}
            aria-describedby={nameInvalid ? "api-token-error" : undefined}
            disabled={atLimit}
          />
        </div>
        <button className="button" type="submit" disabled={pending || atLimit}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {atLimit ? <p className="muted">You have the most active tokens allowed. Revoke one to create another.</p> : null}
      {error ? (
        <p id="api-token-error" role="alert" className="alert alert-error">
          {error.fields?.name ?? error.message}
        </p>
      ) : null}
      {created ? <NewTokenNotice key={created.token} token={created.token} name={created.name} onDone={() => setDismissed(created.token)} /> : null}
    </>
  );
}

function NewTokenNotice({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("yes");
    } catch {
      // No clipboard access (e.g. plain http on another host): select it for Ctrl+C instead.
      document.getElementById("new-api-token")?.focus();
      setCopied("failed");
    }
  }

  return (
    <div className={`alert ${styles.newToken}`} role="region" aria-labelledby="new-api-token-title">
      <h3 id="new-api-token-title" className={styles.newTokenTitle}>
        Copy your new token “{name}” now
      </h3>
      <p>
        <strong>This is the only time it is shown.</strong> Tidings keeps only a fingerprint of it and cannot show it again. Store it somewhere
        safe: it acts as you.
      </p>
      <label className="label" htmlFor="new-api-token">
        Your new API token
      </label>
      <div className={styles.copyRow}>
        <input id="new-api-token" className={`input ${styles.tokenValue}`} readOnly value={token} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button button-secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
      </div>
      <p role="status" className="muted">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "Could not copy: the token is selected, press Ctrl+C (⌘C)." : ""}
      </p>
      <button type="button" className="button button-secondary" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}
