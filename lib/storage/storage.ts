// The storage this process is configured for (STORAGE_DRIVER): the local folder
// STORAGE_DIR by default, an S3-compatible bucket when web servers and workers run
// on different machines. Import storage from here; the backends import only the
// interface and the key rules, so no module imports its own importer.
import { type Env, env } from "../env";
import { LocalStorage } from "./local-storage";
import { s3SettingsFrom } from "./s3-settings";
import { S3Storage } from "./s3-storage";
import type { Storage } from "./storage-interface";

export type { PutOptions, SignedDownloadOptions, Storage } from "./storage-interface";
export { InvalidStorageKeyError, StorageObjectNotFoundError, assertValidKey, assertValidPrefix } from "./storage-keys";

export type StorageSettings = Pick<
  Env,
  "STORAGE_DRIVER" | "STORAGE_DIR" | "S3_BUCKET" | "S3_REGION" | "S3_ENDPOINT" | "S3_FORCE_PATH_STYLE" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY"
> &
  Partial<Pick<Env, "S3_PUBLIC_ENDPOINT">>;

/** A storage backend for the given settings. */
export function createStorage(settings: StorageSettings): Storage {
  if (settings.STORAGE_DRIVER === "s3") return new S3Storage({ settings: s3SettingsFrom(settings) });
  return new LocalStorage(settings.STORAGE_DIR);
}

let configured: Storage | undefined;

/** The storage of this process, made on first use from the settings. */
export function storage(): Storage {
  configured ??= createStorage(env());
  return configured;
}
