// S3Storage against a real S3 endpoint (Ceph radosgw, started for this file): the
// same contract as the local folder, plus what only an object store has.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "../../env";
import { ABANDONED_WRITE_AGE_MS, removeAbandonedWrites } from "../../maintenance/remove-abandoned-writes";
import { createS3Client } from "../s3-client";
import type { S3Settings } from "../s3-settings";
import { S3Storage } from "../s3-storage";
import { createStorage } from "../storage";
import { type TestRadosgw, startTestRadosgw } from "./support/radosgw";
import { describeStorageContract } from "./support/storage-contract";

let radosgw: TestRadosgw;
let settings: S3Settings;
let admin: S3Client;
let bucket: string;
let store: S3Storage;

beforeAll(async () => {
  radosgw = await startTestRadosgw();
  settings = radosgw.settings;
  admin = createS3Client(settings);
}, 1_200_000);

afterAll(async () => {
  admin?.destroy();
  await radosgw?.stop();
}, 60_000);

// A bucket of its own for every test, so no test sees another's objects.
beforeEach(async () => {
  bucket = `t-${randomBytes(6).toString("hex")}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  store = new S3Storage({ settings: { ...settings, bucket } });
});

async function storedKeys(inBucket = bucket): Promise<string[]> {
  const page = await admin.send(new ListObjectsV2Command({ Bucket: inBucket }));
  return (page.Contents ?? []).map((object) => object.Key ?? "").sort();
}

async function stagedWrites(inBucket = bucket): Promise<number> {
  return (await admin.send(new ListMultipartUploadsCommand({ Bucket: inBucket }))).Uploads?.length ?? 0;
}

/** What a process killed mid-upload leaves: a multipart upload that is never completed nor aborted. */
async function abandonMultipartUpload(key: string): Promise<void> {
  const { UploadId } = await admin.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  await admin.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(1024, "p") }));
}

describeStorageContract("S3 (Ceph radosgw)", { store: () => store, storedKeys: () => storedKeys(), stagedWrites: () => stagedWrites() });

describe("S3Storage", () => {
  it("gives a short-lived link that downloads the object as an attachment", async () => {
    await store.put("results/b1/f1-cleaned", Readable.from(["email\nada@example.com\n"]), { contentType: "text/csv" });
    const url = await store.signedDownloadUrl("results/b1/f1-cleaned", { fileName: "contacts-cleaned.csv" });

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="contacts-cleaned.csv"');
    expect(response.headers.get("content-type")).toBe("text/csv");
    expect(await response.text()).toBe("email\nada@example.com\n");
  });

  it("refuses a link that is changed, pointed at another object, expired, or not signed (403)", async () => {
    await store.put("results/b1/mine", Readable.from(["mine"]));
    await store.put("results/b1/theirs", Readable.from(["theirs"]));
    const url = new URL(await store.signedDownloadUrl("results/b1/mine", { fileName: "mine.csv" }));

    const tampered = new URL(url);
    const signature = tampered.searchParams.get("X-Amz-Signature") ?? "";
    tampered.searchParams.set("X-Amz-Signature", `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}`);
    const otherObject = new URL(url.href.replace("/results/b1/mine?", "/results/b1/theirs?"));
    const otherName = new URL(url);
    otherName.searchParams.set("response-content-disposition", 'attachment; filename="evil.html"');
    const expired = await store.signedDownloadUrl("results/b1/mine", {
      fileName: "mine.csv",
      expiresInSeconds: 60,
      now: new Date(Date.now() - 10 * 60_000),
    });
    const unsigned = `${url.origin}${url.pathname}`;

    expect(otherObject.href).not.toBe(url.href);
    for (const refused of [tampered.href, otherObject.href, otherName.href, expired, unsigned]) {
      const response = await fetch(refused);
      expect(response.status, refused).toBe(403);
      expect(await response.text()).not.toContain("theirs");
    }
    expect((await fetch(url)).status).toBe(200);
  });

  it("is refused with a wrong secret, and stores nothing", async () => {
    const refused = new S3Storage({ settings: { ...settings, bucket, secretAccessKey: `${settings.secretAccessKey}x` } });
    await store.put("uploads/u1/0", Readable.from(["real"]));

    await expect(refused.put("uploads/u1/1", Readable.from(["forged"]))).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    await expect(refused.put("uploads/u1/0", Readable.from(["overwrite"]))).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    await expect(refused.exists("uploads/u1/0")).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(text(refused.get("uploads/u1/0"))).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    await expect(refused.deletePrefix("uploads/")).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    expect(await storedKeys()).toEqual(["uploads/u1/0"]);
    expect(await text(store.get("uploads/u1/0"))).toBe("real");
  });

  it("deletes a prefix with more objects than one list page holds", async () => {
    const paged = new S3Storage({ settings: { ...settings, bucket }, pageSize: 2 });
    for (const n of [0, 1, 2, 3, 4]) await paged.put(`results/b1/${n}`, Readable.from([`${n}`]));
    await paged.put("results/b2/0", Readable.from(["other batch"]));

    await paged.deletePrefix("results/b1/");
    expect(await storedKeys()).toEqual(["results/b2/0"]);
  });

  it("aborts multipart uploads that crashed processes left, and keeps ones still being written", async () => {
    const paged = new S3Storage({ settings: { ...settings, bucket }, pageSize: 2 });
    for (const n of [0, 1, 2]) await abandonMultipartUpload(`uploads/killed/${n}`);

    // Just written: a process may still be behind them.
    expect(await removeAbandonedWrites(paged)).toBe(0);
    expect(await stagedWrites()).toBe(3);

    const anHourAndAMinuteLater = Date.now() + ABANDONED_WRITE_AGE_MS + 60_000;
    expect(await paged.removeAbandonedWrites(ABANDONED_WRITE_AGE_MS, anHourAndAMinuteLater)).toBe(3);
    expect(await stagedWrites()).toBe(0);
    expect(await storedKeys()).toEqual([]);
  });
});

describe("createStorage with STORAGE_DRIVER=s3", () => {
  it("stores in the bucket the S3_* settings name", async () => {
    const configured = createStorage(
      parseEnv(
        {
          STORAGE_DRIVER: "s3",
          S3_BUCKET: settings.bucket,
          S3_REGION: settings.region,
          S3_ENDPOINT: settings.endpoint,
          S3_FORCE_PATH_STYLE: "true",
          S3_ACCESS_KEY_ID: settings.accessKeyId,
          S3_SECRET_ACCESS_KEY: settings.secretAccessKey,
        },
        () => "a-development-secret-of-32-characters",
      ),
    );
    const key = `uploads/${randomBytes(6).toString("hex")}/0`;

    expect(configured).toBeInstanceOf(S3Storage);
    await configured.put(key, Readable.from(["email\n"]));
    expect(await storedKeys(settings.bucket)).toContain(key);
    expect(await text(configured.get(key))).toBe("email\n");
    await configured.delete(key);
    expect(await storedKeys(settings.bucket)).not.toContain(key);
  });
});
