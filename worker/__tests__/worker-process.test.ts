// Spawns the real worker process against the test database.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { queueNames } from "@/lib/queue/queue-contracts";

// `--import tsx` rather than the tsx CLI, which would run the worker as a grandchild:
// signals then reach the worker itself, and a SIGKILL in cleanup leaves no orphan.
const WORKER_ARGS = ["--import", "tsx", "worker/index.ts"];

type Worker = { child: ChildProcessByStdio<null, Readable, Readable>; events: Promise<string>[]; output: string[] };
let running: Worker | undefined;

// A database of its own, so this worker never picks up jobs other test files queue.
function startWorker(databaseUrl: string): { child: ChildProcessByStdio<null, Readable, Readable>; waitFor: (event: string) => Promise<Record<string, unknown>>; output: string[] } {
  const child = spawn(process.execPath, WORKER_ARGS, {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const records: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (record: Record<string, unknown>) => void }[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      output.push(line);
      if (!line.startsWith("{")) return;
      const record = JSON.parse(line) as Record<string, unknown>;
      records.push(record);
      for (const waiter of waiters.filter((w) => w.event === record.event)) waiter.resolve(record);
    });
  }
  running = { child, events: [], output };
  return {
    child,
    output,
    waitFor: (event) =>
      new Promise((resolve, reject) => {
        const seen = records.find((record) => record.event === event);
        if (seen) return resolve(seen);
        waiters.push({ event, resolve });
        child.once("exit", (code) => reject(new Error(`worker exited (${code}) before ${event}:\n${output.join("\n")}`)));
      }),
  };
}

function exitOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, ms: Date.now() - started })));
}

afterEach(() => {
  if (running && running.child.exitCode === null) running.child.kill("SIGKILL");
  running = undefined;
});

describe("worker process", () => {
  it("registers every queue from the registry, schedules maintenance and stops cleanly on SIGTERM", async () => {
    const databaseUrl = await createScratchDatabase({ migrated: true });
    const worker = startWorker(databaseUrl);
    const ready = await worker.waitFor("worker.ready");
    expect(ready.queues).toEqual(queueNames);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const queues = await client.query<{ name: string }>("SELECT name FROM pgboss.queue ORDER BY name");
      expect(queues.rows.map((row) => row.name)).toEqual(expect.arrayContaining(queueNames));
      const schedules = await client.query<{ name: string; cron: string }>("SELECT name, cron FROM pgboss.schedule");
      expect(schedules.rows).toContainEqual(expect.objectContaining({ name: "maintenance.clean-up", cron: "17 * * * *" }));
    } finally {
      await client.end();
    }

    const exit = exitOf(worker.child);
    worker.child.kill("SIGTERM");
    const { code, ms } = await exit;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    await worker.waitFor("worker.stopped");
  });

  it("exits with a readable message, not a stack trace, when the database cannot be reached", async () => {
    const child = spawn(process.execPath, WORKER_ARGS, {
      env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const { code } = await exitOf(child);
    expect(code).toBe(1);
    expect(stderr).toContain("DATABASE_URL: is not set");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
