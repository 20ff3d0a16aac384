import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env } from "../../env";
import { LocalStorage } from "../local-storage";
import { InvalidStorageKeyError, StorageObjectNotFoundError, storage } from "../storage";

let root: string;
let store: LocalStorage;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "tidings-storage-"));
  store = new LocalStorage(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under the storage folder, temp files included, as relative paths. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** A stream that sends `first`, then waits; `release` ends it, or fails it with `error`. */
function failingStream(first: string, error?: Error) {
  const stream = new Readable({ read() {} });
  stream.push(Buffer.from(first));
  const release = () => {
    if (error) stream.destroy(error);
    else stream.push(null);
  };
  return { stream, release };
}

describe("LocalStorage", () => {
  it("stores a stream under its key and gives the same bytes back", async () => {
    const content = "email,name\nada@example.com,Ada\n".repeat(10_000);
    const result = await store.put("uploads/u1/0", Readable.from([Buffer.from(content)]));

    expect(result.bytes).toBe(Buffer.byteLength(content));
    expect(await store.exists("uploads/u1/0")).toBe(true);
    expect(await text(store.get("uploads/u1/0"))).toBe(content);
    expect(await readFile(path.join(root, "uploads/u1/0"), "utf8")).toBe(content);
    expect(await filesOnDisk()).toEqual(["uploads/u1/0"]);
  });

  it("replaces an existing object", async () => {
    await store.put("a/b", Readable.from([Buffer.from("old")]));
    await store.put("a/b", Readable.from([Buffer.from("new")]));
    expect(await text(store.get("a/b"))).toBe("new");
  });

  it("shows nothing under the key while the write is in progress", async () => {
    const { stream, release } = failingStream("partial content");
    const put = store.put("uploads/u1/0", stream);
    await waitFor(async () => (await filesOnDisk()).length === 1);

    expect(await store.exists("uploads/u1/0")).toBe(false);
    expect(await filesOnDisk()).toEqual([expect.stringMatching(/^\.tmp\/[0-9a-f]+\.part$/)]);
    release();
    await put;
    expect(await filesOnDisk()).toEqual(["uploads/u1/0"]);
  });

  it("keeps nothing when the stream fails, and leaves an older object untouched", async () => {
    await store.put("uploads/u1/0", Readable.from([Buffer.from("complete")]));
    const { stream, release } = failingStream("half of it", new Error("connection reset"));
    const put = store.put("uploads/u1/0", stream);
    // Fails before put() has started streaming: must reject, not crash the process.
    release();

    await expect(put).rejects.toThrow("connection reset");
    expect(await filesOnDisk()).toEqual(["uploads/u1/0"]);
    expect(await text(store.get("uploads/u1/0"))).toBe("complete");
  });

  it("keeps nothing when the write is aborted", async () => {
    const { stream } = failingStream("never finishes");
    const abort = new AbortController();
    const put = store.put("uploads/u1/1", stream, { signal: abort.signal });
    await waitFor(async () => (await filesOnDisk()).length === 1);
    abort.abort();

    await expect(put).rejects.toThrow(/abort/i);
    expect(await filesOnDisk()).toEqual([]);
    expect(stream.destroyed).toBe(true);
  });

  it("reports a missing object as StorageObjectNotFoundError", async () => {
    await expect(text(store.get("uploads/nothing"))).rejects.toBeInstanceOf(StorageObjectNotFoundError);
    await store.put("uploads/u1/0", Readable.from([Buffer.from("x")]));
    // A "folder" is not an object.
    await expect(text(store.get("uploads/u1"))).rejects.toBeInstanceOf(StorageObjectNotFoundError);
    expect(await store.exists("uploads/u1")).toBe(false);
    expect(await store.exists("uploads/u1/0/deeper")).toBe(false);
  });

  it("deletes one object, and a missing one without complaint", async () => {
    await store.put("uploads/u1/0", Readable.from([Buffer.from("x")]));
    await store.put("uploads/u1/1", Readable.from([Buffer.from("y")]));
    await store.delete("uploads/u1/0");
    await store.delete("uploads/u1/0");
    await store.delete("uploads/u1");

    expect(await filesOnDisk()).toEqual(["uploads/u1/1"]);
  });

  it("deletes by prefix: a folder with a trailing slash, a string prefix without", async () => {
    for (const key of ["uploads/ab/0", "uploads/ab/1", "uploads/abc/0", "uploads/b/0", "results/ab/0"]) {
      await store.put(key, Readable.from([Buffer.from(key)]));
    }
    await store.deletePrefix("uploads/ab/");
    expect(await filesOnDisk()).toEqual(["results/ab/0", "uploads/abc/0", "uploads/b/0"]);

    await store.put("uploads/ab/0", Readable.from([Buffer.from("again")]));
    await store.deletePrefix("uploads/a");
    expect(await filesOnDisk()).toEqual(["results/ab/0", "uploads/b/0"]);

    await store.deletePrefix("nothing/here/");
    await store.deletePrefix("nothing/he");
    expect(await filesOnDisk()).toEqual(["results/ab/0", "uploads/b/0"]);
  });

  it("refuses keys that are not generated ids, before touching the disk", async () => {
    const bad = ["../escape", "/etc/passwd", "a/../../b", "a/./b", "A", "a//b", "a/", "", "a.csv", "a\\b", "ü", "a b", "x".repeat(513)];
    for (const key of bad) {
      const body = Readable.from([Buffer.from("x")]);
      await expect(store.put(key, body), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
      expect(body.destroyed, "put owns the body it refuses").toBe(true);
      expect(() => store.get(key), key).toThrow(InvalidStorageKeyError);
      await expect(store.exists(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
    for (const prefix of ["", "/", "../", "a/../", ".tmp/", "*"]) {
      await expect(store.deletePrefix(prefix), prefix).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
    expect(await filesOnDisk()).toEqual([]);
  });

  it("removes temp files a crashed process left, but not writes in progress", async () => {
    await mkdir(path.join(root, ".tmp"), { recursive: true });
    await writeFile(path.join(root, ".tmp", "crashed.part"), "left behind");
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(path.join(root, ".tmp", "crashed.part"), hourAgo, hourAgo);
    await writeFile(path.join(root, ".tmp", "running.part"), "in progress");

    expect(await store.removeStaleTempFiles(10 * 60_000)).toBe(1);
    expect(await filesOnDisk()).toEqual([".tmp/running.part"]);
  });
});

describe("storage()", () => {
  it("is the local folder STORAGE_DIR, by default $DATA_DIR/uploads", () => {
    const configured = storage();
    expect(configured).toBeInstanceOf(LocalStorage);
    expect((configured as LocalStorage).root).toBe(path.resolve(env().DATA_DIR, "uploads"));
    expect(storage()).toBe(configured);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
