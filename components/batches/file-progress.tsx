import { fileProgressState } from "@/lib/batches/batch-states";
import type { FileView } from "@/lib/batches/batch-view";
import styles from "./batches.module.css";

/** A progress bar while the file is read; once it has stopped, a word that says how. */
export function FileProgress({ file }: { file: Pick<FileView, "name" | "status" | "progress"> }) {
  const state = fileProgressState(file);
  if (state.kind === "running") {
    return (
      <span data-testid="file-progress">
        <progress max={100} value={state.percent} aria-label={`Progress of ${file.name}`} /> {state.percent}%
      </span>
    );
  }
  const text = { done: "Done", failed: "Stopped: failed", cancelled: "Stopped: cancelled" }[state.kind];
  return (
    <span data-testid="file-progress" className={state.kind === "done" ? "muted" : styles.stopped}>
      {text}
    </span>
  );
}
