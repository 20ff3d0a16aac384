// What the batch page shows for a file's progress and for a batch's results, so that a
// state means what it says: a failed file is not a full progress bar, and a batch that
// verified nothing is not a row of zero cards.
import type { BatchView, FileView } from "./batch-view";

export type FileProgressState =
  | { kind: "running"; percent: number }
  | { kind: "done" }
  | { kind: "failed" }
  | { kind: "cancelled" };

/** A bar only while a file is queued or being read; a word once it has stopped. */
export function fileProgressState(file: Pick<FileView, "status" | "progress">): FileProgressState {
  switch (file.status) {
    case "completed":
      return { kind: "done" };
    case "failed":
      return { kind: "failed" };
    case "cancelled":
      return { kind: "cancelled" };
    default:
      return { kind: "running", percent: Math.min(99, file.progress) };
  }
}

export type BatchResultsState =
  | { kind: "pending" }
  | { kind: "results"; stats: NonNullable<BatchView["stats"]> }
  | { kind: "nothing-verified"; reason: string };

/**
 * The result cards once rows were verified; otherwise, for a batch that ended without any,
 * the reason why in words (the files' own errors when they all say the same).
 */
export function batchResultsState(batch: Pick<BatchView, "status" | "stats" | "files">): BatchResultsState {
  if (!batch.stats) return { kind: "pending" };
  const running = batch.status === "queued" || batch.status === "processing";
  if (running || batch.stats.rows > 0) return { kind: "results", stats: batch.stats };
  return { kind: "nothing-verified", reason: nothingVerifiedReason(batch) };
}

function nothingVerifiedReason(batch: Pick<BatchView, "status" | "files">): string {
  if (batch.status === "cancelled") return "Nothing was verified: the batch was cancelled before any rows were read.";
  const errors = [...new Set((batch.files ?? []).map((file) => file.error).filter((error): error is string => Boolean(error)))];
  if (batch.status === "failed") {
    const because = errors.length === 1 ? ` ${errors[0]}` : " Each file's reason is shown below.";
    return `Nothing was verified: ${(batch.files?.length ?? 0) > 1 ? "no file could be read" : "the file could not be read"}.${because}`;
  }
  return "No rows to verify: the files held no addresses.";
}
