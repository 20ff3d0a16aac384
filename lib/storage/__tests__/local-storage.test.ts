import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env } from "../../env";
import { LocalStorage } from "../local-storage";
import { storage } from "../storage";
import { describeStorageContract, stalledStream, waitFor } from "./support/storage-contract";

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

describeStorageContract("local folder", {
  store: () => store,
  storedKeys: async () => (await filesOnDisk()).filter((file) => !file.startsWith(".tmp/")),
  stagedWrites: async () => (await filesOnDisk()).filter((file) => file.startsWith(".tmp/")).length,
});

describe("LocalStorage", () => {
  it("keeps an object as a file under its key, and nothing else", async () => {
    const content = "email,name\nada@example.com,Ada\n".repeat(10_000);
    await store.put("uploads/u1/0", Readable.from([Buffer.from(content)]));

    expect(await readFile(path.join(root, "uploads/u1/0"), "utf8")).toBe(content);
    expect(await filesOnDisk()).toEqual(["uploads/u1/0"]);
  });

  it("stages a write in progress as a temp file", async () => {
    const { stream, release } = stalledStream("partial content");
    const put = store.put("uploads/u1/0", stream);
    await waitFor(async () => (await filesOnDisk()).length === 1);

    expect(await store.exists("uploads/u1/0")).toBe(false);
    expect(await filesOnDisk()).toEqual([expect.stringMatching(/^\.tmp\/[0-9a-f]+\.part$/)]);
    release();
    await put;
    expect(await filesOnDisk()).toEqual(["uploads/u1/0"]);
  });

  it("removes temp files a crashed process left, but not writes in progress", async () => {
    await mkdir(path.join(root, ".tmp"), { recursive: true });
    await writeFile(path.join(root, ".tmp", "crashed.part"), "left behind");
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(path.join(root, ".tmp", "crashed.part"), hourAgo, hourAgo);
    await writeFile(path.join(root, ".tmp", "running.part"), "in progress");

    expect(await store.removeAbandonedWrites(10 * 60_000)).toBe(1);
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
