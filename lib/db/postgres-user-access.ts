// PostgreSQL refuses to run as root, so when `npm start` runs as root the embedded
// cluster runs as the unprivileged user "postgres". That user must be able to enter
// every folder on the way to the PostgreSQL programs (in node_modules) and to the
// data folder. A clone in /root (mode 700) fails that, and the package then crashed
// with a bare `spawn … initdb EACCES`: this finds the folder in the way first, so
// start-up can say so in one sentence.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { displayPath } from "./display-path";

/** The user the embedded cluster runs as when we are root: "postgres", or who it will be once created (no groups: like "nobody"). */
export function postgresRunAsIds(): { uid: number; gid: number; name: string } {
  for (const name of ["postgres", "nobody"]) {
    try {
      const id = (flag: string) => Number(execFileSync("id", [flag, name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
      return { uid: id("-u"), gid: id("-g"), name };
    } catch {
      // Not on this machine; try the next.
    }
  }
  return { uid: 65534, gid: 65534, name: "nobody" };
}

/** Every folder from / down to `dir` that exists (folders still to be made are made by us, open to others). */
function foldersOnTheWay(dir: string): string[] {
  const folders: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(current)) folders.unshift(current);
    if (current === path.dirname(current)) return folders;
  }
}

/** The first of the folders that the user cannot enter, or null when it can enter them all. */
export function firstFolderClosedTo(ids: { uid: number; gid: number }, dirs: string[]): string | null {
  const folders = [...new Set(dirs.flatMap(foldersOnTheWay))];
  // Asked as that user: the kernel's own answer, groups and ACLs included.
  const result = spawnSync("/bin/sh", ["-c", 'for d do [ -x "$d" ] || { printf %s "$d"; exit 1; }; done', "sh", ...folders], {
    uid: ids.uid,
    gid: ids.gid,
    encoding: "utf8",
  });
  if (result.status === 0) return null;
  return result.stdout || folders[0] || "/";
}

/**
 * When running as root: one sentence saying why the embedded cluster cannot run from
 * here and what to do, or null when it can.
 */
export function whyPostgresUserCannotRun(options: { binaryDir: string; dataDir: string }): string | null {
  if (process.getuid?.() !== 0) return null;
  const ids = postgresRunAsIds();
  const closed = firstFolderClosedTo(ids, [options.binaryDir, path.dirname(options.dataDir)]);
  if (!closed) return null;
  return (
    `The built-in PostgreSQL cannot start: as root, Tidings runs it as the user "${ids.name}", who cannot enter ${displayPath(closed)}; ` +
    `run npm start as an ordinary user, or move Tidings to a folder others can enter (such as /opt/tidings), or set DATABASE_URL to a PostgreSQL server of your own.`
  );
}
