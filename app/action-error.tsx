import type { ActionState } from "./action-state";

/** A server action's failure as the form shows it, announced to screen readers; nothing until one fails. */
export function ActionError({ state, id }: { state: ActionState<unknown>; id?: string }) {
  if (!state || state.ok) return null;
  return (
    <p id={id} role="alert" className="alert alert-error">
      {state.error.message}
    </p>
  );
}
