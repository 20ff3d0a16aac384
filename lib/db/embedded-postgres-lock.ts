// Who owns an embedded PostgreSQL data folder, read from postgres' own lock file
// (postmaster.pid), and the errors start-up reports to people.
import { readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { displayPath } from "./display-path";

/** Start-up failed; the message is meant for people, `output` holds PostgreSQL's last lines. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string, readonly output: readonly string[] = []) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

export class DataDirInUseError extends EmbeddedPostgresError {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `The database in ${displayPath(dataDir)} is already in use by another Tidings (PID ${pid}). Stop it first, or set DATA_DIR to use another folder.`,
    );
    this.name = "DataDirInUseError";
  }
}

/**
 * Fails fast when a running postmaster owns the folder, rather than letting postgres
 * print its own error. Clears lock files that no running server stands behind.
 */
export async function assertDataDirFree(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let pid = await readLockFile(pidFile);
  if (pid === "empty") {
    // Postgres creates the file, then writes it: empty means a server is starting this very
    // moment, or one crashed at that instant. The first shows its PID well within a second.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    pid = await readLockFile(pidFile);
    if (pid === "empty") return rm(pidFile, { force: true });
  }
  // A dead postmaster's file is removed by postgres itself at start.
  if (pid === undefined || !isAlive(pid)) return;
  if (isPostgres(pid)) {
    // The postmaster runs in a process group of its own, so a program killed outright
    // (SIGKILL, a crash) leaves it behind. Its owner's PID tells an orphan from a
    // database another Tidings is using right now.
    const owner = await readOwner(dataDir);
    if (owner !== undefined && !isAlive(owner)) return stopOrphan(pid);
    throw new DataDirInUseError(dataDir, owner ?? pid);
  }
  // After a restart the old PID often belongs to another program; postgres would then refuse
  // to start if it may signal that program, so the stale file goes here.
  await rm(pidFile, { force: true });
}

async function readLockFile(pidFile: string): Promise<number | "empty" | undefined> {
  let text: string;
  try {
    text = await readFile(pidFile, "utf8");
  } catch {
    return undefined;
  }
  if (!text.trim()) return "empty";
  // Single-user mode writes the PID negated.
  const pid = Math.abs(Number.parseInt(text.split("\n", 1)[0] ?? "", 10));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

const OWNER_FILE = "tidings-owner.pid";

/** Records which program runs the cluster, so a later start can recognise an orphan. */
export async function recordOwner(dataDir: string): Promise<void> {
  await writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
}

export async function forgetOwner(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, OWNER_FILE), { force: true });
}

async function readOwner(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path.join(dataDir, OWNER_FILE), "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Fast shutdown of a postmaster whose program is gone; waits until it has exited. */
async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new EmbeddedPostgresError(`A PostgreSQL left running by an earlier start (PID ${pid}) does not stop. Stop it, then start again.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The PID postgres names when it finds another postmaster's lock file (two starts racing). */
export function lockHolderPid(lines: readonly string[]): number | undefined {
  for (const line of lines) {
    const match = /Is another postmaster \(PID (\d+)\) running in data directory/.exec(line);
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}


function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
  } catch {
    return true; // no /proc (macOS): a live PID has to be taken at its word
  }
}
