// The separately run PostgreSQL of scripts/pg/: a server of version 15 or newer on
// 127.0.0.1 that takes a password, as root run by the unprivileged `postgres` user; a
// second start finds it up; a stop with --keep-data and a start again keep the data (a
// restart, as the topology test makes one); a folder the server's user cannot reach is
// refused with one sentence; and it stops by itself (and removes its folder) when the
// process that owns it exits, so a killed test run leaves nothing behind.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const scripts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let owner: ChildProcess | undefined;
let dir: string | undefined;
const privateDirs: string[] = [];

afterAll(async () => {
  owner?.kill("SIGKILL");
  if (dir) await run("bash", [path.join(scripts, "stop-postgres.sh"), "--dir", dir], { timeout: 60_000 });
  for (const folder of [dir, ...privateDirs]) if (folder) await rm(folder, { recursive: true, force: true });
}, 90_000);

async function query<Row extends pg.QueryResultRow>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("scripts/pg/start-postgres.sh", () => {
  it("starts a password-protected server on loopback, restarts with its data, and stops when its owner exits", async () => {
    await run("bash", [path.join(scripts, "install-postgres.sh")], { timeout: 900_000 });
    dir = await mkdtemp(path.join(os.tmpdir(), "tidings-postgres-script-"));
    owner = spawn("sleep", ["600"], { stdio: "ignore" }); // a stand-in for a test run that dies without tearing down
    const port = await freePort();
    const start = () =>
      run("bash", [path.join(scripts, "start-postgres.sh"), "--dir", dir ?? "", "--port", String(port), "--owner-pid", String(owner?.pid)], { timeout: 120_000 });

    const first = await start();
    const url = /^DATABASE_URL=(.+)$/m.exec(first.stdout)?.[1] ?? "";
    expect(url).toMatch(new RegExp(`^postgresql://tidings:[A-Za-z0-9]{32}@127\\.0\\.0\\.1:${port}/tidings$`));
    const [version] = await query<{ server_version_num: string }>(url, "SHOW server_version_num");
    expect(Number(version?.server_version_num)).toBeGreaterThanOrEqual(150000);
    const [listen] = await query<{ listen_addresses: string }>(url, "SHOW listen_addresses");
    expect(listen?.listen_addresses).toBe("127.0.0.1");
    if (process.getuid?.() === 0) {
      // PostgreSQL refuses to run as root: the server runs as Debian's `postgres` user.
      const postmaster = (await readFile(path.join(dir, "data", "postmaster.pid"), "utf8")).split("\n")[0] ?? "";
      expect((await run("ps", ["-o", "user=", "-p", postmaster])).stdout.trim()).toBe("postgres");
    }
    // A wrong password is refused.
    const wrong = new URL(url);
    wrong.password = "not-the-password";
    await expect(query(wrong.toString(), "SELECT 1")).rejects.toMatchObject({ code: "28P01" });

    const second = await start();
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toContain("already running");

    await query(url, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
    await run("bash", [path.join(scripts, "stop-postgres.sh"), "--dir", dir, "--keep-data"], { timeout: 60_000 });
    await expect(query(url, "SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const again = await start();
    expect(again.stdout).toBe(first.stdout);
    expect(await query<{ id: number }>(url, "SELECT id FROM kept")).toEqual([{ id: 42 }]);

    owner.kill("SIGKILL");
    await waitFor(async () => !existsSync(dir ?? "") && !(await answers(url)), 60_000);
  }, 1_200_000);

  it.runIf(process.getuid?.() === 0)("as root, refuses a folder the postgres user cannot reach, with one sentence", async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), "tidings-postgres-private-")); // mode 700
    privateDirs.push(parent);
    const failure = await run("bash", [path.join(scripts, "start-postgres.sh"), "--dir", path.join(parent, "pg"), "--port", String(await freePort())], {
      timeout: 60_000,
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("the 'postgres' user cannot reach");
  });
});

async function answers(url: string): Promise<boolean> {
  return query(url, "SELECT 1").then(
    () => true,
    () => false,
  );
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A port nobody listens on right now (the kernel's pick). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
