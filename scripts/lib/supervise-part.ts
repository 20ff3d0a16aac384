// Keeps one part of Tidings running for `npm start`: when it dies without being asked
// to, it is started again after the wait lib/ops/restart-policy.ts decides, and the
// other parts keep serving meanwhile. When the part keeps dying, the supervisor is
// told to stop everything.
import type { ProcessExit } from "@/lib/db/embedded-postgres";
import { decideAfterCrash, DEFAULT_RESTART_POLICY, describeDuration, type RestartPolicy } from "@/lib/ops/restart-policy";

export type RunningPart = {
  pid: number;
  /** Resolves when the process has ended, for whatever reason. */
  exited: Promise<ProcessExit>;
  /** Asks the process to stop and waits until it has. */
  stop(): Promise<void>;
};

export type SupervisedPart = {
  /** Stops the part for good: no restart after this, also not one that was waiting. */
  stop(): Promise<void>;
};

type SuperviseOptions = {
  /** "worker", "web server", "database": how messages name the part. */
  label: string;
  /** Starts the part again; may throw (then it counts as one more crash). */
  restart(): Promise<RunningPart>;
  /** Called whenever the part's PID changes: a new process, or none while it waits to restart. */
  onPid(pid: number | undefined, restarts: number): void;
  /** The part keeps crashing; `message` says so for people. */
  onGiveUp(message: string): void;
  policy?: RestartPolicy;
};

export function describeExit({ code, signal }: ProcessExit): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export function supervisePart(first: RunningPart, { label, restart, onPid, onGiveUp, policy = DEFAULT_RESTART_POLICY }: SuperviseOptions): SupervisedPart {
  let current: RunningPart | undefined = first;
  let stopped = false;
  let restarts = 0;
  let restarting: Promise<unknown> = Promise.resolve();
  let cancelWait = () => {};

  const waitBeforeRestart = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const keepRunning = async () => {
    let crashes: number[] = [];
    while (current) {
      const exit = await current.exited;
      current = undefined;
      if (stopped) return;
      onPid(undefined, restarts);
      const decision = decideAfterCrash(crashes, Date.now(), policy);
      if (decision.action === "give-up") {
        onGiveUp(
          `The ${label} ${describeExit(exit)}: that is ${decision.crashesInWindow} crashes within ${describeDuration(policy.windowMs)}, ` +
            `so restarting it does not help. Tidings stops; the ${label}'s output above says why it fails.`,
        );
        return;
      }
      crashes = decision.crashes;
      console.error(
        `\n✖ The ${label} ${describeExit(exit)}. Restarting it in ${describeDuration(decision.delayMs)} ` +
          `(crash ${decision.crashesInWindow} of ${policy.crashLimit} allowed within ${describeDuration(policy.windowMs)}); the rest keeps running.`,
      );
      await waitBeforeRestart(decision.delayMs);
      if (stopped) return;
      const started = restart().then(
        (part) => part,
        (error: unknown): RunningPart => {
          console.error(`✖ The ${label} did not start: ${error instanceof Error ? error.message : String(error)}`);
          return { pid: 0, exited: Promise.resolve({ code: 1, signal: null }), stop: async () => {} };
        },
      );
      restarting = started;
      current = await started;
      if (stopped) return; // stop() stops what was just started
      if (current.pid > 0) {
        restarts += 1;
        onPid(current.pid, restarts);
        console.log(`↻ The ${label} is running again (PID ${current.pid}, restart ${restarts}).`);
      }
    }
  };
  void keepRunning();

  return {
    async stop() {
      stopped = true;
      cancelWait();
      // A restart under way finishes first, so what it started is stopped too.
      await restarting;
      await current?.stop();
    },
  };
}
