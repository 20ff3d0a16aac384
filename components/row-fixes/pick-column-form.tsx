"use client";

// Choose the email column of a file and run it again.
import { useActionState } from "react";
import type { ActionState } from "@/app/action-state";
import styles from "./row-fixes.module.css";

type Props = {
  batchId: string;
  fileId: string;
  columns: readonly string[];
  current: string | null;
  rerunAction: (state: ActionState, formData: FormData) => Promise<ActionState>;
};

export function PickColumnForm({ batchId, fileId, columns, current, rerunAction }: Props) {
  const [state, rerun, pending] = useActionState<ActionState, FormData>(rerunAction, null);
  // A column is picked by its header: one without a name, or named like an earlier one, cannot be told apart.
  const choices = columns.filter((column, i) => column.trim() !== "" && columns.indexOf(column) === i);
  return (
    <form action={rerun} className={styles.pickColumn}>
      <input type="hidden" name="batchId" value={batchId} />
      <input type="hidden" name="fileId" value={fileId} />
      <label>
        Email column{" "}
        <select className="input" name="column" defaultValue={current !== null && choices.includes(current) ? current : ""} required>
          <option value="" disabled>
            Choose…
          </option>
          {choices.map((column) => (
            <option key={column} value={column}>
              {column}
            </option>
          ))}
        </select>
      </label>
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Queuing…" : "Run again with this column"}
      </button>
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "muted" : "alert alert-error"}>
          {state.ok ? state.message : state.error.message}
        </p>
      ) : null}
    </form>
  );
}
