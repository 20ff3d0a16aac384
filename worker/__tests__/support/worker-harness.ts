// Running the real worker process in tests: start it with extra env, kill it, and
// wait for a condition on the database.
import { spawn, type ChildProcess } from "node:child_process";
import { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startFakeResendServer, type FakeResendServer } from "@/e2e/support/fake-resend-server";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { ensureQueues } from "@/lib/queue/ensure-queues";
import { WORKER_NODE_FLAGS } from "../../node-flags";

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
  const worker = spawn(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn", ...extraEnv },
    stdio: "ignore",
  });
  running.push(worker);
  return worker;
}

export type ResendWorkers = {
  /** A pg-boss client on the file's database, its queues made (to enqueue as the web does). */
  readonly boss: PgBoss;
  /** The local Resend-compatible server the workers send through; reset before each test. */
  readonly resend: FakeResendServer;
  /** Start a worker that sends through `resend`, with extra settings. */
  start(settings?: Record<string, string>): ChildProcess;
};

/**
 * For a test file whose workers send email through the real Resend SDK: its own database,
 * a pg-boss client and a local Resend-compatible server, set up once for the file; no
 * worker outlives its test. Call at the top level of the file.
 */
export function useResendWorkers(): ResendWorkers {
  let boss: PgBoss | null = null;
  let resend: FakeResendServer | null = null;
  beforeAll(async () => {
    process.env.DATABASE_URL = await useOwnDatabase();
    boss = new PgBoss({ connectionString: process.env.DATABASE_URL, supervise: false, schedule: false });
    await boss.start();
    await ensureQueues(boss);
    resend = await startFakeResendServer();
  });
  beforeEach(() => resend?.reset());
  afterEach(killWorkers);
  afterAll(async () => {
    await resend?.stop();
    await boss?.stop({ graceful: false });
  });
  const ready = <T>(value: T | null): T => {
    if (value === null) throw new Error("useResendWorkers: used before its beforeAll ran");
    return value;
  };
  return {
    get boss() {
      return ready(boss);
    },
    get resend() {
      return ready(resend);
    },
    start: (settings = {}) =>
      startWorker({ RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: ready(resend).url, APP_URL: "http://localhost:3000", ...settings }),
  };
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
