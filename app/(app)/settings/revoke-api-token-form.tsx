"use client";

import { useActionState } from "react";
import { ActionError } from "@/app/action-error";
import { revokeApiTokenAction } from "./api-token-actions";
import styles from "./api-tokens.module.css";

export function RevokeApiTokenForm({ tokenId, name }: { tokenId: string; name: string }) {
  const [state, revoke, pending] = useActionState(revokeApiTokenAction, null);
  return (
    <details className={styles.revoke}>
      <summary className="button button-secondary">
        Revoke…<span className="visually-hidden"> token “{name}”</span>
      </summary>
      <form action={revoke} className={styles.revokeConfirm}>
        <input type="hidden" name="tokenId" value={tokenId} />
        <p>
          Revoke “{name}”? Anything using it stops working at once. This cannot be undone.
        </p>
        <button className={`button ${styles.danger}`} type="submit" disabled={pending}>
          {pending ? "Revoking…" : "Revoke token"}
        </button>
      </form>
      <ActionError state={state} />
    </details>
  );
}
