// When `npm start` restarts a part of Tidings that died (web server, worker, embedded
// database), and when it gives up. A part that crashes now and then is restarted after
// a short wait that doubles with each crash close to the last; a part that keeps
// crashing cannot be helped by restarts (a bad setting, a broken build), so everything
// stops with one clear message instead of restarting forever.

export type RestartPolicy = {
  /** Wait before restarting after a first crash; doubled for each further crash within the window. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** This many crashes within `windowMs` stop everything. */
  crashLimit: number;
  windowMs: number;
};

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  crashLimit: 5,
  windowMs: 120_000,
};

export type CrashDecision =
  /** `crashes`: the crash times to pass in with the next crash (older ones are forgotten). */
  | { action: "restart"; delayMs: number; crashesInWindow: number; crashes: number[] }
  | { action: "give-up"; crashesInWindow: number };

/**
 * Decides what to do about a part that has just crashed at `now`, given when it
 * crashed before (milliseconds, as returned in the previous decision's `crashes`).
 */
export function decideAfterCrash(previousCrashes: readonly number[], now: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): CrashDecision {
  const crashes = [...previousCrashes.filter((time) => now - time < policy.windowMs), now];
  if (crashes.length >= policy.crashLimit) return { action: "give-up", crashesInWindow: crashes.length };
  const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (crashes.length - 1));
  return { action: "restart", delayMs, crashesInWindow: crashes.length, crashes };
}

/** "2 min", "90 s", "1.5 s": how the policy's durations read in messages. */
export function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
