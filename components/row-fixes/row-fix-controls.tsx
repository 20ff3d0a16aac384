"use client";

// The three fixes of one flagged row: accept the suggestion, type the address, or mark
// it valid. Each posts to a server action; what it says back is shown under the row.
import { useActionState } from "react";
import type { ActionState } from "@/app/action-state";
import styles from "./row-fixes.module.css";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

type Props = {
  batchId: string;
  rowId: string;
  address: string;
  /** Fixed already: only another edit is offered. */
  fixed: boolean;
  suggestion: string | null;
  fixAction: Action;
};

export function RowFixControls({ batchId, rowId, address, fixed, suggestion, fixAction }: Props) {
  const [state, fix, pending] = useActionState<ActionState, FormData>(fixAction, null);
  return (
    <div className={styles.controls}>
      <div className={styles.buttons}>
        {suggestion !== null && !fixed ? (
          <form action={fix}>
            <input type="hidden" name="batchId" value={batchId} />
            <input type="hidden" name="rowId" value={rowId} />
            <input type="hidden" name="action" value="accept_suggestion" />
            <button className="button" type="submit" disabled={pending}>
              Use {suggestion}
            </button>
          </form>
        ) : null}
        {!fixed ? (
          <form action={fix}>
            <input type="hidden" name="batchId" value={batchId} />
            <input type="hidden" name="rowId" value={rowId} />
            <input type="hidden" name="action" value="mark_valid" />
            <button className="button button-secondary" type="submit" disabled={pending}>
              Mark as valid
            </button>
          </form>
        ) : null}
      </div>
      <details className={styles.edit}>
        <summary>{fixed ? "Edit again" : "Edit"}</summary>
        <form action={fix} className={styles.editForm}>
          <input type="hidden" name="batchId" value={batchId} />
          <input type="hidden" name="rowId" value={rowId} />
          <input type="hidden" name="action" value="edit" />
          <label>
            <span className="visually-hidden">Corrected address</span>
            {/* Text, not type="email": the server judges the address by the verifier's rules and says what is wrong. */}
            <input className="input" name="address" type="text" inputMode="email" defaultValue={address} required maxLength={320} autoComplete="off" spellCheck={false} />
          </label>
          <button className="button button-secondary" type="submit" disabled={pending}>
            Save
          </button>
        </form>
      </details>
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? `muted ${styles.message}` : `alert alert-error ${styles.message}`}>
          {state.ok ? state.message : state.error.message}
        </p>
      ) : null}
    </div>
  );
}
