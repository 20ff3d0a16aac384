// The supervisor loop of `npm start` with real child processes and a fast policy.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RestartPolicy } from "@/lib/ops/restart-policy";
import { startChild } from "../child-process";
import { type RunningPart, type SupervisedPart, supervisePart } from "../supervise-part";

const policy: RestartPolicy = { firstDelayMs: 10, maxDelayMs: 50, crashLimit: 3, windowMs: 60_000 };
const longRunning = () => startChild("test", ["-e", "setInterval(() => {}, 1000)"], process.env, { graceMs: 2000 });
const crashingAtOnce = () => startChild("test", ["-e", "process.exit(3)"], process.env, { graceMs: 2000 });

const supervised: SupervisedPart[] = [];
afterEach(async () => {
  await Promise.all(supervised.splice(0).map((part) => part.stop()));
  vi.restoreAllMocks();
});

function supervise(first: RunningPart, restart: () => Promise<RunningPart>) {
  const pids: (number | undefined)[] = [];
  let gaveUp: string | undefined;
  const part = supervisePart(first, { label: "test part", restart, policy, onPid: (pid) => pids.push(pid), onGiveUp: (message) => (gaveUp = message) });
  supervised.push(part);
  return { part, pids, gaveUp: () => gaveUp };
}

describe("supervisePart", () => {
  it("starts a killed part again, and stops it for good when asked", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    const first = longRunning();
    const restarted: RunningPart[] = [];
    const { part, pids } = supervise(first, async () => {
      const next = longRunning();
      restarted.push(next);
      return next;
    });

    process.kill(first.pid, "SIGKILL");
    await vi.waitFor(() => expect(restarted).toHaveLength(1), { timeout: 10_000 });
    expect(pids).toEqual([undefined, restarted[0]?.pid]);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("The test part was killed by SIGKILL. Restarting it in"));

    await part.stop();
    expect(await restarted[0]?.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(restarted).toHaveLength(1);
  });

  it("gives up on a part that keeps crashing, naming it and the crash count", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    const { gaveUp } = supervise(crashingAtOnce(), async () => crashingAtOnce());

    await vi.waitFor(() => expect(gaveUp()).toBeDefined(), { timeout: 20_000 });
    expect(gaveUp()).toBe(
      "The test part exited with code 3: that is 3 crashes within 1 min, so restarting it does not help. Tidings stops; the test part's output above says why it fails.",
    );
  });

  it("counts a restart that fails to start as one more crash", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { gaveUp } = supervise(crashingAtOnce(), () => Promise.reject(new Error("port taken")));

    await vi.waitFor(() => expect(gaveUp()).toBeDefined(), { timeout: 20_000 });
    expect(console.error).toHaveBeenCalledWith("✖ The test part did not start: port taken");
  });
});
