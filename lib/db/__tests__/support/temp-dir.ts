// Temp folders for tests that start PostgreSQL.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A fresh folder under the OS temp dir, open to the `postgres` user the server runs as under root. */
export async function createTempDir(prefix = "tidings-test-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  // mkdtemp makes it 0700; as root, postgres runs as another user and must be able to enter it.
  await chmod(dir, 0o755);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
