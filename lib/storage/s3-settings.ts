// Where the bucket is and how to reach it, from the S3_* settings. Free of the AWS
// SDK, so choosing the backend does not load it.
import type { Env } from "../env";

export type S3Settings = {
  bucket: string;
  region: string;
  /** Another S3-compatible service; AWS itself when unset. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** The endpoint as browsers reach it, for signed download links; unset, downloads stream through the app. */
  publicEndpoint?: string;
  /** Both or neither; without them the SDK's own chain applies (instance role, AWS_* variables, …). */
  accessKeyId?: string;
  secretAccessKey?: string;
};

type S3Env = Pick<Env, "S3_BUCKET" | "S3_REGION" | "S3_ENDPOINT" | "S3_FORCE_PATH_STYLE" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY"> &
  Partial<Pick<Env, "S3_PUBLIC_ENDPOINT">>;

/** The S3_* settings; lib/env.ts has made sure that a bucket is named when STORAGE_DRIVER=s3. */
export function s3SettingsFrom(settings: S3Env): S3Settings {
  if (!settings.S3_BUCKET) throw new Error("S3_BUCKET is not set");
  return {
    bucket: settings.S3_BUCKET,
    region: settings.S3_REGION,
    endpoint: settings.S3_ENDPOINT,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    publicEndpoint: settings.S3_PUBLIC_ENDPOINT,
    accessKeyId: settings.S3_ACCESS_KEY_ID,
    secretAccessKey: settings.S3_SECRET_ACCESS_KEY,
  };
}
