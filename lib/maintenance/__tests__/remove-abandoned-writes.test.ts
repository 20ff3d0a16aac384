import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalStorage } from "../../storage/local-storage";
import { ABANDONED_WRITE_AGE_MS, removeAbandonedWrites } from "../remove-abandoned-writes";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "tidings-abandoned-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function tempFile(name: string, ageMs: number): Promise<void> {
  const file = path.join(root, ".tmp", name);
  await writeFile(file, "partial");
  const touched = new Date(Date.now() - ageMs);
  await utimes(file, touched, touched);
}

describe("removeAbandonedWrites", () => {
  it("removes partial files untouched for longer than the age limit, and keeps recent ones", async () => {
    await mkdir(path.join(root, ".tmp"));
    await tempFile("killed-upload.part", ABANDONED_WRITE_AGE_MS + 60_000);
    await tempFile("slow-upload.part", ABANDONED_WRITE_AGE_MS - 60_000);

    expect(await removeAbandonedWrites(new LocalStorage(root))).toBe(1);
    expect(await readdir(path.join(root, ".tmp"))).toEqual(["slow-upload.part"]);
  });
});
