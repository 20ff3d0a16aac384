// Storage in a local folder (STORAGE_DIR, by default .data/uploads). A key is a
// relative path under the folder. Writes go to `.tmp/` first and are renamed into
// place once complete and flushed, so a reader never sees a partial file.
import { randomBytes } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PutOptions, Storage } from "./storage-interface";
import { StorageObjectNotFoundError, assertValidKey, assertValidPrefix } from "./storage-keys";

// Keys cannot contain dots, so no key or prefix ever reaches this folder.
const TEMP_FOLDER = ".tmp";

export class LocalStorage implements Storage {
  readonly root: string;
  private readonly tempDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tempDir = path.join(this.root, TEMP_FOLDER);
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ bytes: number }> {
    // `put` owns `body` from here on. An error it emits before streaming starts must
    // reject this call, not crash the process as an unhandled 'error' event.
    const reportedLater = () => undefined;
    body.on("error", reportedLater);
    let temp: string | undefined;
    try {
      const target = this.pathOf(key);
      await mkdir(this.tempDir, { recursive: true });
      temp = path.join(this.tempDir, `${randomBytes(12).toString("hex")}.part`);
      // Opened before streaming, so that a failure cannot race the file's creation.
      const handle = await open(temp, "wx");
      // `flush`: synced before it gets its real name, so after a crash a key holds the whole file or nothing.
      const out = handle.createWriteStream({ flush: true });
      await pipeline(body, out, { signal: options.signal });
      await moveIntoPlace(temp, target);
      return { bytes: out.bytesWritten };
    } catch (error) {
      body.destroy();
      if (temp) await rm(temp, { force: true });
      throw error;
    } finally {
      body.off("error", reportedLater);
    }
  }

  get(key: string): Readable {
    return Readable.from(readChunks(this.pathOf(key), key), { objectMode: false });
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      // A "folder" key is not an object (as in S3): nothing to delete.
      if (isMissing(error) || errorCode(error) === "EISDIR") return;
      throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf("/");
    const dir = this.resolveInside(prefix.slice(0, slash + 1));
    const namePrefix = prefix.slice(slash + 1);
    if (namePrefix === "") {
      await rm(dir, { recursive: true, force: true });
      return;
    }
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await Promise.all(
      names
        .filter((name) => name.startsWith(namePrefix))
        .map((name) => rm(path.join(dir, name), { recursive: true, force: true })),
    );
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /**
   * Removes temp files a crashed process left behind (a clean failure removes its
   * own). Only files older than `maxAgeMs`, so writes in progress are untouched.
   */
  async removeAbandonedWrites(maxAgeMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tempDir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tempDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > maxAgeMs) {
        await rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return this.resolveInside(key);
  }

  // Keys are validated already; this is the belt to those braces.
  private resolveInside(relative: string): string {
    const resolved = path.resolve(this.root, relative);
    if (resolved !== this.root && !resolved.startsWith(this.root + path.sep)) {
      throw new Error(`Storage path escapes its folder: ${relative}`);
    }
    return resolved;
  }
}

async function moveIntoPlace(temp: string, target: string): Promise<void> {
  // A concurrent deletePrefix may remove the folder between mkdir and rename: make it again once.
  for (let attempt = 1; ; attempt += 1) {
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(temp, target);
      return;
    } catch (error) {
      if (attempt >= 2 || errorCode(error) !== "ENOENT") throw error;
    }
  }
}

async function* readChunks(file: string, key: string): AsyncGenerator<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (isMissing(error)) throw new StorageObjectNotFoundError(key);
    throw error;
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new StorageObjectNotFoundError(key);
  }
  // The stream closes the handle when it ends or is destroyed (consumer stopped early).
  for await (const chunk of handle.createReadStream()) yield chunk as Buffer;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || code === "ENOTDIR";
}
