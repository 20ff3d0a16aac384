import { describe, expect, it } from "vitest";
import { batchResultsState, fileProgressState } from "../batch-states";
import type { BatchStats } from "../batch-stats";

const emptyStats = (total: number, failed: number, cancelled = 0): BatchStats => ({
  files: { total, completed: total - failed - cancelled, failed, cancelled },
  rows: 0,
  verdicts: {},
  reasons: {},
});

describe("fileProgressState", () => {
  it("draws a bar only while the file is queued or being read", () => {
    expect(fileProgressState({ status: "processing", progress: 40 })).toEqual({ kind: "running", percent: 40 });
    expect(fileProgressState({ status: "queued", progress: 0 })).toEqual({ kind: "running", percent: 0 });
  });

  it("says failed or cancelled in words instead of a full bar", () => {
    // toFileView reports 100 for any finished file; the page must not draw that as done.
    expect(fileProgressState({ status: "failed", progress: 100 })).toEqual({ kind: "failed" });
    expect(fileProgressState({ status: "cancelled", progress: 100 })).toEqual({ kind: "cancelled" });
    expect(fileProgressState({ status: "completed", progress: 100 })).toEqual({ kind: "done" });
  });
});

describe("batchResultsState", () => {
  const file = (error: string | null) => ({ error }) as never;

  it("gives a failed batch its reason instead of zero cards", () => {
    const state = batchResultsState({ status: "failed", stats: emptyStats(1, 1), files: [file("No column holds email addresses.")] });
    expect(state).toEqual({ kind: "nothing-verified", reason: "Nothing was verified: the file could not be read. No column holds email addresses." });
  });

  it("points at each file's reason when the files failed differently", () => {
    const state = batchResultsState({ status: "failed", stats: emptyStats(2, 2), files: [file("A."), file("B.")] });
    expect(state.kind).toBe("nothing-verified");
    expect(state.kind === "nothing-verified" && state.reason).toContain("Each file's reason is shown below.");
  });

  it("says a batch cancelled before any rows were read was cancelled", () => {
    const state = batchResultsState({ status: "cancelled", stats: emptyStats(1, 0, 1), files: [file(null)] });
    expect(state.kind === "nothing-verified" && state.reason).toMatch(/cancelled/);
  });

  it("shows the cards once rows were verified, and nothing before there are stats", () => {
    const stats = { ...emptyStats(1, 0), rows: 3, verdicts: { valid: 3 } };
    expect(batchResultsState({ status: "completed", stats, files: [] })).toEqual({ kind: "results", stats });
    expect(batchResultsState({ status: "processing", stats: null, files: [] })).toEqual({ kind: "pending" });
  });
});
