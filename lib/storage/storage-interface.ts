// What every storage backend offers: the local folder (the default) and an
// S3-compatible bucket (for web servers and workers on different machines). Kept
// apart from the factory in storage.ts so that backends import it without a loop.
import type { Readable } from "node:stream";

export type PutOptions = {
  /** Aborting stops the write; nothing is left under the key. */
  signal?: AbortSignal;
  /** Informational; object stores keep it as the object's Content-Type. */
  contentType?: string;
};

export type SignedDownloadOptions = {
  /** The name the browser saves the file as (`Content-Disposition: attachment`). */
  fileName: string;
  /** How long the link works; default 5 minutes. */
  expiresInSeconds?: number;
  /** When the link is signed; default now. */
  now?: Date;
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
   * Safe to repeat after a failure part-way.
   */
  deletePrefix(prefix: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * Removes what writes of crashed processes left behind, untouched for `maxAgeMs`
   * (temp files of the local folder, unfinished multipart uploads of a bucket), so
   * writes in progress are kept; returns how many were removed.
   */
  removeAbandonedWrites(maxAgeMs: number, now?: number): Promise<number>;
  /**
   * A short-lived link that downloads the object straight from the object store.
   * Only stores that browsers can reach have it; without it, stream `get()` through
   * the app. Does not check that the object exists.
   */
  signedDownloadUrl?(key: string, options: SignedDownloadOptions): Promise<string>;
  /** True when `signedDownloadUrl` gives links that browsers can open (the store's public address is known). */
  readonly browserLinks?: boolean;
  /**
   * A cheap check that the store answers and the bucket is there (HeadBucket), for
   * readiness probes; rejects otherwise. Only remote stores have it.
   */
  checkReady?(signal?: AbortSignal): Promise<void>;
}
