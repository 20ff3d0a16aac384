// bench:load's app under test: an embedded PostgreSQL of its own in a throwaway
// folder, then `npm start`'s own script (scripts/start.ts: build when sources
// changed, migrations, web server and worker) pointed at it with DATABASE_URL, so
// the bench can seed and inspect the same database. Everything it starts, it stops.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { runMigrations } from "../../lib/db/migrate";

const require = createRequire(import.meta.url);
const tsxCli = require.resolve("tsx/cli");

export type RunningApp = {
  baseUrl: string;
  databaseUrl: string;
  dataDir: string;
  /** The real web server and worker processes (not their npm/tsx wrappers). */
  pids(): { web: number[]; worker: number[]; postgres: number[] };
  stop(): Promise<void>;
};

/** Starts the database, then `npm start` on `port`; resolves once /api/health answers 200. */
export async function startApp(port: number, { buildTimeoutMs = 20 * 60_000 } = {}): Promise<RunningApp> {
  // Under the system temp folder: the embedded server runs as `postgres`, which must enter every folder above it.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-load-"));
  await chmod(dataDir, 0o755);
  let database: EmbeddedPostgres | undefined;
  let app: ChildProcess | undefined;
  const stop = async () => {
    if (app) await stopProcessGroup(app);
    await database?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), settings: { fsync: "off" } });
    const databaseUrl = database.connectionString();
    await runMigrations({ connectionString: databaseUrl });
    const baseUrl = `http://127.0.0.1:${port}`;
    // Its own process group, so the whole tree (tsx → start → web, worker) can be stopped together.
    app = spawn(process.execPath, [tsxCli, "scripts/start.ts"], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_URL: baseUrl,
        APP_ENV: "development",
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    app.stdout!.on("data", keep);
    app.stderr!.on("data", keep);
    const started = app;
    const exited = new Promise<number | null>((resolve) => started.once("exit", resolve));
    if (!(await waitForHealth(baseUrl, buildTimeoutMs, exited))) {
      throw new Error(`The app did not become healthy. Its last output:\n${output.join("").slice(-4000)}`);
    }
    const postmaster = database.pid;
    return { baseUrl, databaseUrl, dataDir, pids: () => ({ ...appPids(started.pid!), postgres: [postmaster, ...descendantsOf(postmaster)] }), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(baseUrl: string, timeoutMs: number, exited: Promise<number | null>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    const healthy = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/** SIGINT (start.ts stops web and worker in order), then SIGKILL for whatever is left after a minute. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  signal("SIGINT");
  const timer = setTimeout(() => signal("SIGKILL"), 60_000);
  await exited;
  clearTimeout(timer);
  // The group may outlive its leader for a moment.
  signal("SIGKILL");
}

function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Field 4 (ppid) follows the command name in parentheses, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  return parents;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** The web server (next) and worker processes among `root`'s descendants; wrappers (npm, tsx) left out. */
function descendantsOf(root: number): number[] {
  const parents = parentPids();
  const descendants: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const pid = frontier.pop()!;
    for (const [child, parent] of parents) {
      if (parent === pid) {
        descendants.push(child);
        frontier.push(child);
      }
    }
  }
  return descendants;
}

function appPids(root: number): { web: number[]; worker: number[] } {
  const descendants = descendantsOf(root);
  const web = descendants.filter((pid) => /next(\/dist\/bin\/next| start|-server|\/dist\/server)/.test(commandLine(pid)));
  const worker = descendants.filter((pid) => commandLine(pid).includes("worker/index.ts"));
  return { web, worker };
}

/** VmRSS of a process in MiB, or null when it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) a process has used so far, or null when it is gone; with
 * `reapedChildren`, also what its children that have exited used (the postmaster's
 * backends come and go with the connection pools).
 */
export function cpuSeconds(pid: number, { reapedChildren = false } = {}): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime are fields 14-17 of the whole line: 12-15 after the name (index 11-14).
    const own = Number(fields[11]) + Number(fields[12]);
    return (reapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
  } catch {
    return null;
  }
}
