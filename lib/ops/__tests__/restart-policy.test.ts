import { describe, expect, it } from "vitest";
import { type CrashDecision, decideAfterCrash, describeDuration, type RestartPolicy } from "../restart-policy";

const policy: RestartPolicy = { firstDelayMs: 1000, maxDelayMs: 5000, crashLimit: 5, windowMs: 60_000 };

/** Feeds crashes at the given times through the policy, as the supervisor does. */
function crashAt(times: number[]): CrashDecision[] {
  let crashes: number[] = [];
  return times.map((time) => {
    const decision = decideAfterCrash(crashes, time, policy);
    if (decision.action === "restart") crashes = decision.crashes;
    return decision;
  });
}

describe("decideAfterCrash", () => {
  it("restarts after a first crash with the shortest wait", () => {
    expect(decideAfterCrash([], 0, policy)).toEqual({ action: "restart", delayMs: 1000, crashesInWindow: 1, crashes: [0] });
  });

  it("doubles the wait for each crash close to the last, up to the longest wait", () => {
    const delays = crashAt([0, 1000, 2000, 3000]).map((decision) => (decision.action === "restart" ? decision.delayMs : "give-up"));
    expect(delays).toEqual([1000, 2000, 4000, 5000]);
  });

  it("gives up when the part crashes crashLimit times within the window", () => {
    const decisions = crashAt([0, 10_000, 20_000, 30_000, 40_000]);
    expect(decisions.at(-1)).toEqual({ action: "give-up", crashesInWindow: 5 });
  });

  it("forgets crashes older than the window: an occasional crash never stops everything", () => {
    const hourly = Array.from({ length: 24 }, (_, hour) => hour * 3_600_000);
    const decisions = crashAt(hourly);
    expect(decisions.every((decision) => decision.action === "restart" && decision.delayMs === 1000)).toBe(true);
  });

  it("counts only the crashes inside the window towards giving up", () => {
    // Four quick crashes, a quiet minute, then four more: never five within one minute.
    const decisions = crashAt([0, 1, 2, 3, 70_000, 70_001, 70_002, 70_003]);
    expect(decisions.map((decision) => decision.action)).not.toContain("give-up");
    expect(decisions[4]).toMatchObject({ action: "restart", delayMs: 1000, crashesInWindow: 1 });
  });
});

describe("describeDuration", () => {
  it("reads as people write it", () => {
    expect([describeDuration(120_000), describeDuration(90_000), describeDuration(1000), describeDuration(1500)]).toEqual(["2 min", "90 s", "1 s", "1.5 s"]);
  });
});
