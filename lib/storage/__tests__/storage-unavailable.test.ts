// Which storage errors mean "the store is away for now" (retry the file later) and
// which mean "retrying cannot help": real errors from the AWS SDK against a closed
// port and a server that answers like a throttling or failing S3, and from the disk.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedLoopbackPort } from "../../db/__tests__/support/closed-port";
import { S3Storage } from "../s3-storage";
import { isStorageUnavailable } from "../storage-unavailable";
import { LocalStorage } from "../local-storage";
import { createTempDir } from "../../db/__tests__/support/temp-dir";

let s3Like: Server;
let s3LikeUrl: string;

// Answers every request with the status and S3 error code named in the bucket name: /503-SlowDown/…
beforeAll(async () => {
  s3Like = createServer((request, response) => {
    const [, status = "500", code = "InternalError"] = /^\/(\d{3})-(\w+)/.exec(request.url ?? "") ?? [];
    response.writeHead(Number(status), { "content-type": "application/xml", "x-amz-request-id": "test" });
    response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
  });
  await new Promise<void>((resolve) => s3Like.listen(0, "127.0.0.1", resolve));
  s3LikeUrl = `http://127.0.0.1:${(s3Like.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => s3Like.close(() => resolve())));

function bucketAnswering(status: number, code: string): S3Storage {
  return new S3Storage({
    settings: { bucket: `${status}-${code}`.toLowerCase(), endpoint: s3LikeUrl, region: "us-east-1", forcePathStyle: true, accessKeyId: "AKIA0000", secretAccessKey: "secret" },
  });
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("isStorageUnavailable", () => {
  it("says yes to an S3 endpoint that refuses connections", async () => {
    const port = await closedLoopbackPort();
    const store = new S3Storage({
      settings: { bucket: "tidings", endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", forcePathStyle: true, accessKeyId: "AKIA0000", secretAccessKey: "secret" },
    });
    expect(isStorageUnavailable(await errorOf(text(store.get("uploads/a/0"))))).toBe(true);
    expect(isStorageUnavailable(await errorOf(store.exists("uploads/a/0")))).toBe(true);
  }, 60_000);

  it("says yes to 5xx and throttling answers, no to refusals that a retry cannot change", { timeout: 60_000 }, async () => {
    // The server answers with the status named in the bucket name (and a matching error code).
    const bucketSays = async (status: number, code: string) => isStorageUnavailable(await errorOf(text(bucketAnswering(status, code).get("k/0"))));
    expect(await bucketSays(503, "SlowDown")).toBe(true);
    expect(await bucketSays(500, "InternalError")).toBe(true);
    expect(await bucketSays(429, "TooManyRequests")).toBe(true);
    expect(await bucketSays(403, "AccessDenied")).toBe(false);
    expect(await bucketSays(404, "NoSuchBucket")).toBe(false);
  });

  it("says no to a missing object, and yes to a full disk", async () => {
    const local = new LocalStorage(await createTempDir());
    expect(isStorageUnavailable(await errorOf(text(local.get("uploads/none/0"))))).toBe(false);
    // A full disk cannot be made on demand here; the error as Node reports it.
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
    expect(isStorageUnavailable(full)).toBe(true);
    expect(isStorageUnavailable(new Error("This is not a CSV file"))).toBe(false);
  });
});
