// The S3 client for the configured bucket. S3Storage imports this module on first
// use: it loads the AWS SDK.
import { S3Client } from "@aws-sdk/client-s3";
import type { S3Settings } from "./s3-settings";

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
