// Running the real worker process in tests: start it with extra env, kill it, and
// wait for a condition on the database.
import { spawn, type ChildProcess } from "node:child_process";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";

const running: ChildProcess[] = [];

/**
 * A migrated database for this test file alone, returned for DATABASE_URL. Workers
 * take any job in their database: sharing the run's database would let them take
 * (and, say, send through another transport) the jobs of tests running alongside.
 * Call it first in beforeAll, before anything has opened the database.
 */
export async function useOwnDatabase(): Promise<string> {
  return createScratchDatabase({ migrated: true });
}

export function startWorker(extraEnv: Record<string, string> = {}): ChildProcess {
  // `--import tsx`, not the tsx CLI: the CLI runs the worker in a child process, which a
  // SIGKILL to the CLI would leave running.
  const worker = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn", ...extraEnv },
    stdio: "ignore",
  });
  running.push(worker);
  return worker;
}

/** For afterEach: no worker outlives its test. */
export function killWorkers(): void {
  for (const worker of running.splice(0)) if (worker.exitCode === null) worker.kill("SIGKILL");
}

export async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const shown = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? String(inner) : inner));
      throw new Error(`condition not met within ${timeoutMs} ms: ${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
