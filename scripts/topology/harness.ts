// The pieces of a multi-process Tidings on one machine, for the topology test and the
// pipeline benchmark: Debian's PostgreSQL and Ceph's radosgw started by their scripts,
// `npm run web` / `npm run worker` processes on loopback ports, a seeded person with an
// API token, and a small REST client. Every process started here runs in its own
// process group and is stopped by the group's id; the database and the gateway stop
// by themselves (their watchdogs) if this process dies first.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, openAsBlob, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { generateApiToken } from "../../lib/api-tokens/api-token-format";
import { isBuildCurrent, recordBuild, sourceFingerprint } from "../lib/build-stamp";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);

/** Runs one of the repository's shell scripts; its progress (stderr) goes to `logFile`. */
async function runScript(script: string, args: string[], logFile: string): Promise<string> {
  const child = spawn("bash", [path.join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(logFile, { flags: "a" });
  child.stderr.pipe(log);
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${script} failed (exit ${code}); see ${logFile}:\n${(await readFile(logFile, "utf8").catch(() => "")).slice(-2000)}`);
  return stdout;
}

/**
 * Runs a start script, once more after a pause if its port was taken: on a shared machine a
 * fixed loopback port can be held for a moment by another program's outgoing connection, or
 * by a previous run's connections in TIME_WAIT (Ceph's monitor binds without SO_REUSEADDR).
 */
async function runStartScript(script: string, args: string[], logFile: string): Promise<string> {
  try {
    return await runScript(script, args, logFile);
  } catch (error) {
    if (!/already in use|unable to bind/i.test(String(error))) throw error;
    console.error(`${script}: its port was taken; trying again in 15 s`);
    await sleep(15_000);
    return runScript(script, args, logFile);
  }
}

function keyValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

export type Postgres = {
  url: string;
  /** Stops the server ("fast": clients are disconnected), waits `downMs`, starts it again with its data. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
};

/** Debian's PostgreSQL (scripts/pg/start-postgres.sh) in `dir`, stopped by its watchdog if we die. Installed when missing (needs root). */
export async function startPostgres({ dir, port, logFile, maxSeconds = 900 }: { dir: string; port: number; logFile: string; maxSeconds?: number }): Promise<Postgres> {
  await runScript("scripts/pg/install-postgres.sh", [], logFile);
  const args = ["--dir", dir, "--port", String(port), "--owner-pid", String(process.pid), "--max-seconds", String(maxSeconds)];
  const url = keyValues(await runStartScript("scripts/pg/start-postgres.sh", args, logFile)).DATABASE_URL;
  if (!url) throw new Error("start-postgres.sh printed no DATABASE_URL");
  return {
    url,
    async restart(downMs) {
      await runScript("scripts/pg/stop-postgres.sh", ["--dir", dir, "--keep-data"], logFile);
      await sleep(downMs);
      await runScript("scripts/pg/start-postgres.sh", args, logFile);
    },
    stop: async () => void (await runScript("scripts/pg/stop-postgres.sh", ["--dir", dir], logFile)),
  };
}

export type Radosgw = { settings: Record<string, string>; stop(): Promise<void> };

/** Ceph's S3 gateway (scripts/s3/start-radosgw.sh) in `dir`, stopped by its watchdog if we die. Installed when missing (needs root). */
export async function startRadosgw({ dir, port, logFile, maxSeconds = 900 }: { dir: string; port: number; logFile: string; maxSeconds?: number }): Promise<Radosgw> {
  await runScript("scripts/s3/install-radosgw.sh", [], logFile);
  const args = ["--dir", dir, "--port", String(port), "--owner-pid", String(process.pid), "--max-seconds", String(maxSeconds)];
  const settings = keyValues(await runStartScript("scripts/s3/start-radosgw.sh", args, logFile));
  if (!settings.S3_ENDPOINT) throw new Error("start-radosgw.sh printed no settings");
  return { settings, stop: async () => void (await runScript("scripts/s3/stop-radosgw.sh", ["--dir", dir], logFile)) };
}

/** `next build` unless `.next` holds a build of these sources already (as `npm start` and the e2e run leave it). */
export function ensureBuild(): "reused" | "built" {
  // The stamp hashes file paths as given: "." (relative) is how `npm start` writes it.
  const root = path.relative(process.cwd(), repoRoot) || ".";
  if (isBuildCurrent(root)) return "reused";
  const fingerprint = sourceFingerprint(root);
  const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed; see the errors above");
  recordBuild(fingerprint, root);
  return "built";
}

export type AppProcess = {
  name: string;
  /** The npm process; its process group holds the whole process tree. */
  child: ChildProcess;
  lines: string[];
  /** JSON log records (pino) seen so far. */
  records: Record<string, unknown>[];
  exited: Promise<number | null>;
  hasExited(): boolean;
  /** Resolves with the first log record of this event (from the start). */
  waitForEvent(event: string, timeoutMs: number): Promise<Record<string, unknown>>;
  /** True when `pid` is a process of this one's tree (same process group). */
  owns(pid: number): boolean;
  stop(): Promise<void>;
};

/** `npm run <script>` in a process group of its own, its output kept and written to `logFile`. */
export function startApp(name: string, script: "web" | "worker" | "db:migrate", env: Record<string, string>, logFile: string): AppProcess {
  const child = spawn("npm", ["run", "--silent", script], {
    cwd: repoRoot,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const log = createWriteStream(logFile, { flags: "a" });
  const lines: string[] = [];
  const records: Record<string, unknown>[] = [];
  const listeners = new Set<(record: Record<string, unknown>) => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      log.write(`${line}\n`);
      if (!line.startsWith("{")) return;
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        records.push(record);
        for (const listener of listeners) listener(record);
      } catch {
        // not a log record
      }
    });
  }
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve(exitCode);
    }),
  );
  const group = child.pid!;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {
      // already gone
    }
  };
  return {
    name,
    child,
    lines,
    records,
    exited,
    hasExited: () => exitCode !== undefined,
    waitForEvent(event, timeoutMs) {
      const seen = records.find((record) => record.event === event);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`${name}: no ${event} within ${timeoutMs} ms:\n${lines.slice(-20).join("\n")}`)), timeoutMs);
        const listener = (record: Record<string, unknown>) => record.event === event && done(undefined, record);
        const done = (error?: Error, record?: Record<string, unknown>) => {
          clearTimeout(timer);
          listeners.delete(listener);
          if (error) reject(error);
          else resolve(record!);
        };
        listeners.add(listener);
        void exited.then((code) => done(new Error(`${name} exited (${code}) before ${event}:\n${lines.slice(-20).join("\n")}`)));
      });
    },
    owns(pid) {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so count from its ")".
      const stat = readFileSafe(`/proc/${pid}/stat`);
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === group;
    },
    async stop() {
      if (exitCode !== undefined) return;
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
      // npm may exit before its child; whatever is left of the group goes too.
      signalGroup("SIGKILL");
    },
  };
}

/**
 * The pid of the process whose TCP socket has local port `port` (a connection's client
 * end): the socket's inode from /proc/net/tcp, then the process holding it open.
 */
export function pidOfClientPort(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let inode: string | undefined;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = readFileSafe(table).split("\n").slice(1);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    const entry = lines.map((line) => line.trim().split(/\s+/)).find((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "01");
    inode = entry?.[9];
    if (inode) break;
  }
  if (!inode) return undefined;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Until `url` answers 200. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean = () => true): Promise<void> {
  await waitFor(`${url} to answer`, timeoutMs, async () => {
    if (!alive()) throw new Error(`the server behind ${url} exited`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(5000) }).then((response) => response.ok, () => false);
    return ok ? true : undefined;
  });
}

/** A person with an API token, written straight to the database. */
export async function seedApiUser(databaseUrl: string, email: string): Promise<{ userId: string; token: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const userId = randomUUID();
    await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ($1, $2, now())`, [userId, email]);
    const secret = generateApiToken();
    await client.query(`INSERT INTO "ApiToken" (id, "userId", name, prefix, "tokenHash") VALUES ($1, $2, 'topology', $3, $4)`, [
      randomUUID(),
      userId,
      secret.prefix,
      secret.tokenHash,
    ]);
    return { userId, token: secret.token };
  } finally {
    await client.end();
  }
}

export type ApiFile = { id: string; name: string; status: string; rowsProcessed: number; downloads: { cleaned: string | null; report: string | null } };
export type ApiBatch = { id: string; status: string; files: ApiFile[] };

/** The REST API as a client sees it: one base URL (one web server), one token. */
export function apiClient(baseUrl: string, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  return {
    baseUrl,
    /** POST /api/v1/batches with the files streamed from disk. */
    async upload(files: string[], options?: unknown): Promise<ApiBatch & { headers: Headers }> {
      const form = new FormData();
      for (const file of files) form.append("files", await openAsBlob(file, { type: "text/csv" }), path.basename(file));
      if (options) form.append("options", JSON.stringify(options));
      const response = await fetch(`${baseUrl}/api/v1/batches`, { method: "POST", headers, body: form });
      const body = (await response.json()) as { batch?: ApiBatch; error?: unknown };
      if (response.status !== 202 || !body.batch) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body)}`);
      return { ...body.batch, headers: response.headers };
    },
    /** GET /api/v1/batches/:id: the status code and the body, whatever they are. */
    async getBatch(id: string): Promise<{ status: number; batch?: ApiBatch; error?: { code: string; message: string } }> {
      const response = await fetch(`${baseUrl}/api/v1/batches/${id}`, { headers, signal: AbortSignal.timeout(30_000) });
      const body = (await response.json().catch(() => ({}))) as { batch?: ApiBatch; error?: { code: string; message: string } };
      return { status: response.status, ...body };
    },
    /** A result file's text, fetched through this server whatever origin `url` names. */
    async download(url: string): Promise<string> {
      const target = new URL(url);
      const response = await fetch(`${baseUrl}${target.pathname}`, { headers, redirect: "follow" });
      if (!response.ok) throw new Error(`download of ${target.pathname} answered ${response.status}`);
      return response.text();
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
