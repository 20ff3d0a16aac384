// The behaviour every storage backend owes the rest of Tidings, as one suite that
// runs against the local folder and against a real S3 endpoint alike.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import type { Storage } from "../../storage-interface";
import { InvalidStorageKeyError, StorageObjectNotFoundError } from "../../storage-keys";

export type StorageHarness = {
  /** The storage under test, fresh and empty for each test. */
  store(): Storage;
  /** Every complete object, sorted, as the backend itself sees it. */
  storedKeys(): Promise<string[]>;
  /** Writes begun but not complete: temp files of the folder, multipart uploads of a bucket. */
  stagedWrites(): Promise<number>;
};

// More than one multipart part (5 MiB), so an object store has begun a multipart
// upload by the time this much has been sent.
const MORE_THAN_A_PART = 6 * 1024 * 1024;

/** A stream that sends `first`, then waits; `release` ends it, or fails it with `error`. */
export function stalledStream(first: Buffer | string, error?: Error) {
  const stream = new Readable({ read() {} });
  stream.push(typeof first === "string" ? Buffer.from(first) : first);
  const release = () => {
    if (error) stream.destroy(error);
    else stream.push(null);
  };
  return { stream, release };
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

export function describeStorageContract(backend: string, harness: StorageHarness): void {
  const store = () => harness.store();
  const startedStaging = async () => (await harness.stagedWrites()) === 1;

  describe(`the storage contract: ${backend}`, () => {
    it("stores a stream under its key and gives the same bytes back", async () => {
      const content = "email,name\nada@example.com,Ada\n".repeat(10_000);
      const result = await store().put("uploads/u1/0", Readable.from([Buffer.from(content)]));

      expect(result.bytes).toBe(Buffer.byteLength(content));
      expect(await store().exists("uploads/u1/0")).toBe(true);
      expect(await text(store().get("uploads/u1/0"))).toBe(content);
      expect(await harness.storedKeys()).toEqual(["uploads/u1/0"]);
      expect(await harness.stagedWrites()).toBe(0);
    });

    it("streams a file of several parts and gives every byte back", async () => {
      const chunks = Array.from({ length: 190 }, (_, i) => Buffer.alloc(64 * 1024, i));
      const whole = Buffer.concat(chunks);
      const result = await store().put("results/b1/big", Readable.from(chunks), { contentType: "text/csv" });

      expect(result.bytes).toBe(whole.length);
      const back = Buffer.concat(await store().get("results/b1/big").toArray());
      expect(back.length).toBe(whole.length);
      expect(sha256(back)).toBe(sha256(whole));
      expect(await harness.stagedWrites()).toBe(0);
    });

    it("replaces an existing object", async () => {
      await store().put("a/b", Readable.from([Buffer.from("old")]));
      await store().put("a/b", Readable.from([Buffer.from("new")]));
      expect(await text(store().get("a/b"))).toBe("new");
    });

    it("shows nothing under the key while the write is in progress", async () => {
      const { stream, release } = stalledStream(Buffer.alloc(MORE_THAN_A_PART, "a"));
      const put = store().put("uploads/u1/0", stream);
      await waitFor(startedStaging);

      expect(await store().exists("uploads/u1/0")).toBe(false);
      expect(await harness.storedKeys()).toEqual([]);
      release();
      expect((await put).bytes).toBe(MORE_THAN_A_PART);
      expect(await harness.storedKeys()).toEqual(["uploads/u1/0"]);
      expect(await harness.stagedWrites()).toBe(0);
    });

    it("keeps nothing when the stream fails, and leaves an older object untouched", async () => {
      await store().put("uploads/u1/0", Readable.from([Buffer.from("complete")]));
      const { stream, release } = stalledStream("half of it", new Error("connection reset"));
      const put = store().put("uploads/u1/0", stream);
      // Fails before put() has started streaming: must reject, not crash the process.
      release();

      await expect(put).rejects.toThrow("connection reset");
      expect(await harness.storedKeys()).toEqual(["uploads/u1/0"]);
      expect(await harness.stagedWrites()).toBe(0);
      expect(await text(store().get("uploads/u1/0"))).toBe("complete");
    });

    it("keeps nothing of a stream that fails part-way through a large write", async () => {
      await store().put("uploads/u1/0", Readable.from([Buffer.from("complete")]));
      const { stream, release } = stalledStream(Buffer.alloc(MORE_THAN_A_PART, "b"), new Error("client went away"));
      const put = store().put("uploads/u1/0", stream);
      await waitFor(startedStaging);
      release();

      await expect(put).rejects.toThrow("client went away");
      expect(await harness.stagedWrites()).toBe(0);
      expect(await harness.storedKeys()).toEqual(["uploads/u1/0"]);
      expect(await text(store().get("uploads/u1/0"))).toBe("complete");
    });

    it("keeps nothing when the write is aborted part-way", async () => {
      const { stream } = stalledStream(Buffer.alloc(MORE_THAN_A_PART, "c"));
      const abort = new AbortController();
      const put = store().put("uploads/u1/1", stream, { signal: abort.signal });
      await waitFor(startedStaging);
      abort.abort(new Error("client went away"));

      await expect(put).rejects.toThrow(/abort/i);
      // The same error either way, so callers can tell an abort from a failure.
      await expect(put).rejects.toMatchObject({ name: "AbortError" });
      expect(await harness.storedKeys()).toEqual([]);
      expect(await harness.stagedWrites()).toBe(0);
      expect(stream.destroyed).toBe(true);
    });

    it("refuses a write whose signal is aborted already", async () => {
      const body = Readable.from([Buffer.from("x")]);
      await expect(store().put("uploads/u1/2", body, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
      expect(body.destroyed).toBe(true);
      expect(await harness.storedKeys()).toEqual([]);
    });

    it("reports a missing object as StorageObjectNotFoundError", async () => {
      await expect(text(store().get("uploads/nothing"))).rejects.toBeInstanceOf(StorageObjectNotFoundError);
      await store().put("uploads/u1/0", Readable.from([Buffer.from("x")]));
      // A "folder" is not an object.
      await expect(text(store().get("uploads/u1"))).rejects.toBeInstanceOf(StorageObjectNotFoundError);
      expect(await store().exists("uploads/u1")).toBe(false);
      expect(await store().exists("uploads/u1/0/deeper")).toBe(false);
    });

    it("deletes one object, and a missing one without complaint", async () => {
      await store().put("uploads/u1/0", Readable.from([Buffer.from("x")]));
      await store().put("uploads/u1/1", Readable.from([Buffer.from("y")]));
      await store().delete("uploads/u1/0");
      await store().delete("uploads/u1/0");
      await store().delete("uploads/u1");

      expect(await harness.storedKeys()).toEqual(["uploads/u1/1"]);
    });

    it("deletes by prefix: a folder with a trailing slash, a string prefix without", async () => {
      for (const key of ["uploads/ab/0", "uploads/ab/1", "uploads/abc/0", "uploads/b/0", "results/ab/0"]) {
        await store().put(key, Readable.from([Buffer.from(key)]));
      }
      await store().deletePrefix("uploads/ab/");
      expect(await harness.storedKeys()).toEqual(["results/ab/0", "uploads/abc/0", "uploads/b/0"]);

      await store().put("uploads/ab/0", Readable.from([Buffer.from("again")]));
      await store().deletePrefix("uploads/a");
      expect(await harness.storedKeys()).toEqual(["results/ab/0", "uploads/b/0"]);

      await store().deletePrefix("nothing/here/");
      await store().deletePrefix("nothing/he");
      expect(await harness.storedKeys()).toEqual(["results/ab/0", "uploads/b/0"]);
    });

    it("refuses keys that are not generated ids, before storing anything", async () => {
      const bad = ["../escape", "/etc/passwd", "a/../../b", "a/./b", "A", "a//b", "a/", "", "a.csv", "a\\b", "ü", "a b", "x".repeat(513)];
      for (const key of bad) {
        const body = Readable.from([Buffer.from("x")]);
        await expect(store().put(key, body), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
        expect(body.destroyed, "put owns the body it refuses").toBe(true);
        expect(() => store().get(key), key).toThrow(InvalidStorageKeyError);
        await expect(store().exists(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
        await expect(store().delete(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
      }
      for (const prefix of ["", "/", "../", "a/../", ".tmp/", "*"]) {
        await expect(store().deletePrefix(prefix), prefix).rejects.toBeInstanceOf(InvalidStorageKeyError);
      }
      expect(await harness.storedKeys()).toEqual([]);
      expect(await harness.stagedWrites()).toBe(0);
    });
  });
}
