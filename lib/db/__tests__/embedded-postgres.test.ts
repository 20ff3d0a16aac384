import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirInUseError, type EmbeddedPostgres, startEmbeddedPostgres } from "../embedded-postgres";
import { createTempDir, removeTempDir } from "./support/temp-dir";

// Every server a test starts is stopped and its folder deleted, even when the test fails.
const running: EmbeddedPostgres[] = [];
const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
  await Promise.all(tempDirs.splice(0).map(removeTempDir));
});

async function dataDir(): Promise<string> {
  const dir = await createTempDir("tidings-pg-test-");
  tempDirs.push(dir);
  return path.join(dir, "postgres");
}

async function start(dir: string, options: { port?: number } = {}): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir: dir, ...options });
  running.push(server);
  return server;
}

async function query<Row extends pg.QueryResultRow>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  it("creates the cluster and the tidings database, listens on loopback only, and stops cleanly", async () => {
    const dir = await dataDir();
    const server = await start(dir);

    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    expect(await query(server.connectionString(), "SELECT current_database() AS db, current_setting('listen_addresses') AS listen")).toEqual([
      { db: "tidings", listen: "127.0.0.1" },
    ]);
    expect(server.connectionString()).toContain(`@127.0.0.1:${server.port}/tidings`);

    await server.stop();
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
    await expect(query(server.connectionString(), "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);
    await expect(server.stop()).resolves.toBeUndefined(); // idempotent
  });

  it("restarts on the same folder with its data, without initialising again", async () => {
    const dir = await dataDir();
    const first = await start(dir);
    await query(first.connectionString(), `CREATE TABLE kept (note TEXT); INSERT INTO kept VALUES ('still here')`);
    await first.stop();

    const second = await start(dir);

    expect(await query(second.connectionString(), "SELECT note FROM kept")).toEqual([{ note: "still here" }]);
  });

  it("creates further databases on request, once", async () => {
    const server = await start(await dataDir());
    await server.ensureDatabase("other");
    await server.ensureDatabase("other");
    expect(await query(server.connectionString("other"), "SELECT current_database() AS db")).toEqual([{ db: "other" }]);
  });

  it("refuses a folder a running instance uses, with a message for people", async () => {
    const dir = await dataDir();
    const first = await start(dir);

    const error = await startEmbeddedPostgres({ dataDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DataDirInUseError);
    expect((error as Error).message).toBe(
      `The database in ${dir} is already in use by another Tidings (PID ${process.pid}). Stop it first, or set DATA_DIR to use another folder.`,
    );
    // The running instance is unharmed.
    expect(await query(first.connectionString(), "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });

  it("lets exactly one of two instances starting at once have the folder", async () => {
    const dir = await dataDir();
    await (await start(dir)).stop(); // initialised, so both go straight to starting

    const results = await Promise.allSettled([startEmbeddedPostgres({ dataDir: dir }), startEmbeddedPostgres({ dataDir: dir })]);

    for (const result of results) if (result.status === "fulfilled") running.push(result.value);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [rejected] = results.filter((result) => result.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(DataDirInUseError);
  });

  it("leaves SIGTERM to the program, so it can drain work before stopping the database", async () => {
    const dir = await dataDir();
    const program = await startProgram(dir);

    program.child.kill("SIGTERM");
    const [code] = (await once(program.child, "exit")) as [number | null];

    expect(program.output()).toContain("drained and stopped");
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
  });

  it("keeps the database out of a terminal's Ctrl-C, which reaches the whole process group", async () => {
    const dir = await dataDir();
    const program = await startProgram(dir, { ownProcessGroup: true });

    process.kill(-(program.child.pid ?? 0), "SIGINT");
    const [code] = (await once(program.child, "exit")) as [number | null];

    expect(program.output()).toContain("drained and stopped");
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
  });

  it("takes the folder back from a database whose program was killed outright", async () => {
    const dir = await dataDir();
    const program = await startProgram(dir);
    const orphan = Number((await readFile(path.join(dir, "postmaster.pid"), "utf8")).split("\n", 1)[0]);

    program.child.kill("SIGKILL");
    await once(program.child, "exit");
    expect(isRunning(orphan)).toBe(true);

    const server = await start(dir);

    expect(isRunning(orphan)).toBe(false);
    expect(await query(server.connectionString(), "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });

  it("reports a postmaster killed outright, and starts again on the same folder and port with the data", async () => {
    const dir = await dataDir();
    const first = await start(dir);
    // An open connection, as the web server and worker hold: its backend outlives the postmaster for a moment.
    const client = new pg.Client({ connectionString: first.connectionString() });
    client.on("error", () => {});
    await client.connect();
    await client.query(`CREATE TABLE kept (note TEXT); INSERT INTO kept VALUES ('still here')`);

    process.kill(first.pid, "SIGKILL");

    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    const second = await start(dir, { port: first.port });
    await client.end().catch(() => {});
    expect(second.port).toBe(first.port);
    expect(await query(second.connectionString(), "SELECT note FROM kept")).toEqual([{ note: "still here" }]);
  });

  it("starts over a lock file left by a postmaster that is gone", async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const lockFile = await readFile(path.join(dir, "postmaster.pid"), "utf8");
    await first.stop();
    // After a crash and restart the file's PID is dead, or belongs to another program, or the
    // crash came before it was written. Postgres itself only copes with the first.
    const deadPid = spawnSync("true").pid;
    const otherProgram = spawnAsPostgresUser("sleep", ["60"]);
    try {
      const staleFiles = [deadPid, otherProgram.pid].map((pid) => lockFile.replace(/^\d+/, String(pid)));
      for (const staleFile of [...staleFiles, ""]) {
        await writeFile(path.join(dir, "postmaster.pid"), staleFile);

        const server = await start(dir);

        expect(await query(server.connectionString(), "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
        await server.stop();
        expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
      }
    } finally {
      otherProgram.kill();
    }
  });
});

/**
 * A program like `npm start` in a child process: on SIGTERM or SIGINT it still uses
 * the database for a moment (as a draining worker would), then stops it.
 */
async function startProgram(dir: string, { ownProcessGroup = false } = {}) {
  const script = path.join(path.dirname(dir), "program.mts");
  await writeFile(
    script,
    `const { startEmbeddedPostgres } = await import(${JSON.stringify(fileURLToPath(new URL("../embedded-postgres.ts", import.meta.url)))});
     const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dir)} });
     const drain = async () => {
       await new Promise((resolve) => setTimeout(resolve, 300));
       await server.ensureDatabase("used_while_draining");
       await server.stop();
       console.log("drained and stopped");
     };
     process.on("SIGTERM", drain);
     process.on("SIGINT", drain);
     console.log("ready");`,
  );
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"], detached: ownProcessGroup });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => stdout.includes("ready") && resolve());
    child.once("exit", () => reject(new Error(`program exited before it was ready: ${stdout}`)));
  });
  return { child, output: () => stdout };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** As root the server runs as the `postgres` user; a process of that same user is one it can signal. */
function spawnAsPostgresUser(command: string, args: string[]): ChildProcess {
  if (process.getuid?.() !== 0) return spawn(command, args, { stdio: "ignore" });
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return spawn(command, args, { stdio: "ignore", uid: id("-u"), gid: id("-g") });
}
