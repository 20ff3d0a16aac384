"use client";

import { useActionState, useState } from "react";
import { ShownOnceSecret } from "@/components/shown-once-secret/shown-once-secret";
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
      {created ? (
        <ShownOnceSecret
          key={created.token}
          title={`Copy your new token “${created.name}” now`}
          label="Your new API token"
          noun="token"
          value={created.token}
          onDone={() => setDismissed(created.token)}
        >
          Tidings keeps only a fingerprint of it and cannot show it again. Store it somewhere safe: it acts as you.
        </ShownOnceSecret>
      ) : null}
    </>
  );
}
