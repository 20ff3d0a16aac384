// The S3 client for the configured bucket. Kept apart from S3Storage so tests can
// build clients with other credentials (a wrong secret must be refused).
import { S3Client } from "@aws-sdk/client-s3";
import type { Env } from "../env";

export type S3Settings = {
  bucket: string;
  region: string;
  /** Another S3-compatible service; AWS itself when unset. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Both or neither; without them the SDK's own chain applies (instance role, AWS_* variables, …). */
  accessKeyId?: string;
  secretAccessKey?: string;
};

type S3Env = Pick<Env, "S3_BUCKET" | "S3_REGION" | "S3_ENDPOINT" | "S3_FORCE_PATH_STYLE" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY">;

/** The S3_* settings; lib/env.ts has made sure that a bucket is named when STORAGE_DRIVER=s3. */
export function s3SettingsFrom(settings: S3Env): S3Settings {
  if (!settings.S3_BUCKET) throw new Error("S3_BUCKET is not set");
  return {
    bucket: settings.S3_BUCKET,
    region: settings.S3_REGION,
    endpoint: settings.S3_ENDPOINT,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    accessKeyId: settings.S3_ACCESS_KEY_ID,
    secretAccessKey: settings.S3_SECRET_ACCESS_KEY,
  };
}

export function createS3Client(settings: Omit<S3Settings, "bucket">): S3Client {
  const { accessKeyId, secretAccessKey } = settings;
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // An endpoint that stops answering fails the request (and the SDK retries it)
    // instead of hanging an upload or a worker. The request timeout is for silence
    // on the socket, not for the whole transfer, so large files are not cut off.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    maxAttempts: 3,
  });
}
