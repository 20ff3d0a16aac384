// Where uploaded files and results live. One small interface so the local folder
// (the default) can be swapped for S3-compatible storage when web and workers run
// on different machines.
import type { Readable } from "node:stream";
import { env } from "../env";
import { LocalStorage } from "./local-storage";

export type PutOptions = {
  /** Aborting stops the write; nothing is left under the key. */
  signal?: AbortSignal;
  /** Informational; object stores keep it as the object's Content-Type. */
  contentType?: string;
};

export interface Storage {
  /**
   * Streams `body` to `key`. Readers see either the complete object or nothing:
   * when the stream errors or the write is aborted, nothing is stored (an existing
   * object under the key stays as it was). An existing object is replaced.
   */
  put(key: string, body: Readable, options?: PutOptions): Promise<{ bytes: number }>;
  /** The object's bytes; the stream errors with `StorageObjectNotFoundError` when there is none. */
  get(key: string): Readable;
  /** Removes one object; no error when it does not exist. */
  delete(key: string): Promise<void>;
  /**
   * Removes every object whose key starts with `prefix` (string prefix, as in S3):
   * "uploads/abc/" removes that folder, "uploads/ab" also removes "uploads/abc/…".
   */
  deletePrefix(prefix: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * Storage that stages writes in files of its own (the local folder) removes the
   * ones a crashed process left, untouched for `maxAgeMs`; returns how many. Object
   * stores expire incomplete uploads by their own lifecycle rules and leave it out.
   */
  removeStaleTempFiles?(maxAgeMs: number): Promise<number>;
}

export { InvalidStorageKeyError, StorageObjectNotFoundError, assertValidKey, assertValidPrefix } from "./storage-keys";

let configured: Storage | undefined;

/** The storage this process is configured for: the local folder `STORAGE_DIR`. */
export function storage(): Storage {
  configured ??= new LocalStorage(env().STORAGE_DIR);
  return configured;
}
