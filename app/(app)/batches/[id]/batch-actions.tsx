"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/action-state";
import { cancelBatchAction, deleteBatchAction, retryFailedFilesAction } from "./actions";

type Props = { batchId: string; canCancel: boolean; canRetry: boolean };

export function BatchActions({ batchId, canCancel, canRetry }: Props) {
  const [cancelState, cancel, cancelling] = useActionState<ActionState, FormData>(cancelBatchAction, null);
  const [retryState, retry, retrying] = useActionState<ActionState, FormData>(retryFailedFilesAction, null);
  const [deleteState, remove, deleting] = useActionState<ActionState, FormData>(deleteBatchAction, null);
  const messages = [cancelState, retryState, deleteState].filter((state) => state !== null);
  const last = messages.at(-1);

  return (
    <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap", alignItems: "center", margin: "1rem 0 1.5rem" }}>
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
        <form action={remove} style={{ marginTop: "0.5rem" }}>
          <input type="hidden" name="batchId" value={batchId} />
          <p>This deletes the uploaded files and all results. It cannot be undone.</p>
          <button className="button" style={{ background: "var(--danger)" }} type="submit" disabled={deleting}>
            {deleting ? "Deleting…" : "Delete batch and files"}
          </button>
        </form>
      </details>
      {last ? (
        <p role={last.ok ? "status" : "alert"} className={last.ok ? "muted" : "alert alert-error"} style={{ margin: 0 }}>
          {last.ok ? last.message : last.error.message}
        </p>
      ) : null}
    </div>
  );
}
