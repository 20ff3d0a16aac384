// `npm start` run as root from a folder other users cannot enter (a clone in /root,
// mode 700): the embedded PostgreSQL runs as the unprivileged "postgres" user, who
// cannot reach its data there. Start-up must stop with one clear sentence, not the
// bare `spawn … EACCES` / initdb stack it used to print. These tests run as root
// (as the machines that run the suite do) and make such a folder.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closedLoopbackPort } from "./support/closed-port";
import { createTempDir, removeTempDir } from "./support/temp-dir";
import { firstFolderClosedTo, postgresRunAsIds } from "../postgres-user-access";

const tempDirs: string[] = [];
afterEach(async () => Promise.all(tempDirs.splice(0).map(removeTempDir)));

/** A folder like /root/tidings: only its owner (root) may enter it. */
async function closedFolder(): Promise<string> {
  const dir = await createTempDir("tidings-mode700-");
  tempDirs.push(dir);
  await chmod(dir, 0o700);
  return dir;
}

describe("the embedded PostgreSQL when started as root", () => {
  it("runs as root here, which these tests need", () => {
    expect(process.getuid?.()).toBe(0);
  });

  it("finds the folder the postgres user cannot enter, on the way to the programs or the data", async () => {
    const closed = await closedFolder();
    const binDir = path.join(closed, "node_modules", "bin");
    await mkdir(binDir, { recursive: true });
    await copyFile("/bin/true", path.join(binDir, "postgres"));
    const ids = postgresRunAsIds();

    expect(firstFolderClosedTo(ids, [binDir])).toBe(closed);
    expect(firstFolderClosedTo(ids, [path.join(closed, "data", "postgres")])).toBe(closed);
    await chmod(closed, 0o755);
    expect(firstFolderClosedTo(ids, [binDir, path.join(closed, "data", "postgres")])).toBeNull();
  });

  it("npm start from a mode-700 folder stops with one sentence saying why and what to do, no stack trace", { timeout: 120_000 }, async () => {
    const closed = await closedFolder();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(closed, "data"), PORT: String(await closedLoopbackPort()), LOG_LEVEL: "warn" };
    delete env.DATABASE_URL;
    delete env.APP_ENV;
    const start = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    start.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    start.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(start, "exit")) as [number | null];

    expect(code, output).toBe(1);
    const message = output.trim();
    expect(message).toMatch(/^✖ The built-in PostgreSQL cannot start: as root, Tidings runs it as the user "\w+", who cannot enter /);
    expect(message).toContain(closed);
    expect(message).toContain("DATABASE_URL");
    // One line, one sentence: no stack, no raw errno.
    expect(message.split("\n")).toHaveLength(1);
    expect(message).not.toMatch(/EACCES|\n\s+at /);
  });
});
