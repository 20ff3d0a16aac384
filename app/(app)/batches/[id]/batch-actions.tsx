"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/action-state";
import { cancelBatchAction, deleteBatchAction, retryFailedFilesAction } from "./actions";
import styles from "./batch-actions.module.css";

type Props = { batchId: string; canCancel: boolean; canRetry: boolean };

export function BatchActions({ batchId, canCancel, canRetry }: Props) {
  const [cancelState, cancel, cancelling] = useActionState<ActionState, FormData>(cancelBatchAction, null);
  const [retryState, retry, retrying] = useActionState<ActionState, FormData>(retryFailedFilesAction, null);
  const [deleteState, remove, deleting] = useActionState<ActionState, FormData>(deleteBatchAction, null);
  const messages = [cancelState, retryState, deleteState].filter((state) => state !== null);
  const last = messages.at(-1);

  return (
    <div className={styles.actions}>
      {canCancel ? (
        <form action={cancel}>
          <input type="hidden" name="batchId" value={batchId} />
          <button className="button button-secondary" type="submit" disabled={cancelling}>
            {cancelling ? "Cancelling…" : "Cancel batch"}
          </button>
        </form>
      ) : null}
      {canRetry ? (
        <form action={retry}>
          <input type="hidden" name="batchId" value={batchId} />
          <button className="button button-secondary" type="submit" disabled={retrying}>
            {retrying ? "Queuing…" : "Retry failed files"}
          </button>
        </form>
      ) : null}
      <details>
        <summary className="button button-secondary">Delete…</summary>
        <form action={remove} className={styles.deleteForm}>
          <input type="hidden" name="batchId" value={batchId} />
          <p>This deletes the uploaded files and all results. It cannot be undone.</p>
          <button className={`button ${styles.danger}`} type="submit" disabled={deleting}>
            {deleting ? "Deleting…" : "Delete batch and files"}
          </button>
        </form>
      </details>
      {last ? (
        <p role={last.ok ? "status" : "alert"} className={`${last.ok ? "muted" : "alert alert-error"} ${styles.message}`}>
          {last.ok ? last.message : last.error.message}
        </p>
      ) : null}
    </div>
  );
}
