// Decides whether `.next` holds a build of the current sources, so `npm start`
// builds only when something changed.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "emails"];
const SOURCE_FILES = ["next.config.js", "package-lock.json", "tsconfig.json", "proxy.ts", "instrumentation.ts", "prisma/schema.prisma"];
const STAMP_FILE = path.join(".next", "tidings-build-stamp");

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "__tests__" && entry.name !== "node_modules") yield* walk(full);
    } else {
      yield full;
    }
  }
}

/** A fingerprint of every file that goes into the build: path, size and modification time. */
export function sourceFingerprint(root = "."): string {
  const hash = createHash("sha256");
  const files = [...SOURCE_DIRS.flatMap((dir) => [...walk(path.join(root, dir))]), ...SOURCE_FILES.map((f) => path.join(root, f))];
  for (const file of files.sort()) {
    if (!existsSync(file)) continue;
    const { size, mtimeMs } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest("hex");
}

export function isBuildCurrent(root = "."): boolean {
  const stamp = path.join(root, STAMP_FILE);
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(stamp)) return false;
  return readFileSync(stamp, "utf8").trim() === sourceFingerprint(root);
}

export function recordBuild(fingerprint: string, root = "."): void {
  writeFileSync(path.join(root, STAMP_FILE), `${fingerprint}\n`);
}
