"use client";

import { useActionState } from "react";
import { ActionError } from "@/app/action-error";
import { replayDeadLetterJobAction } from "./actions";

export function ReplayForm({ queue, jobId }: { queue: string; jobId: string }) {
  const [state, replay, pending] = useActionState(replayDeadLetterJobAction, null);
  return (
    <form action={replay}>
      <input type="hidden" name="queue" value={queue} />
      <input type="hidden" name="jobId" value={jobId} />
      <button className="button button-secondary" type="submit" disabled={pending || state?.ok === true}>
        {pending ? "Replaying…" : state?.ok ? "Replayed" : "Replay"}
        <span className="visually-hidden"> job {jobId} of {queue}</span>
      </button>
      <p role="status" className="muted">
        {state?.ok ? state.message : null}
      </p>
      <ActionError state={state} />
    </form>
  );
}
