// What the web side does with a bucket (Ceph radosgw, started for this file):
// /api/health's readiness check of the bucket, up and down; and result downloads,
// streamed through the app by default or redirected to a signed link when the
// bucket's public address is set.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultDownload } from "../../batches/result-download";
import { db } from "../../db/client";
import { checkHealth } from "../../health/check-health";
import { resultDownloadResponse } from "../../http/result-download-response";
import { createBoss } from "../../queue/boss";
import { S3Storage } from "../s3-storage";
import { type TestRadosgw, startTestRadosgw } from "./support/radosgw";
import { type SwitchableProxy, startSwitchableProxy } from "./support/switchable-proxy";

let radosgw: TestRadosgw;
let proxy: SwitchableProxy;

beforeAll(async () => {
  radosgw = await startTestRadosgw();
  const endpoint = new URL(radosgw.settings.endpoint ?? "");
  proxy = await startSwitchableProxy({ host: endpoint.hostname, port: Number(endpoint.port) });
  // The queue schema, as a worker installs it, so the health report is about the bucket alone.
  const boss = createBoss({ role: "web", connectionString: process.env.DATABASE_URL ?? "" });
  await boss.start();
  await boss.stop({ graceful: false });
}, 1_200_000);

afterAll(async () => {
  await proxy?.close();
  await radosgw?.stop();
}, 60_000);

describe("GET /api/health with STORAGE_DRIVER=s3", () => {
  it("reports the bucket up, and the whole answer ok, while the endpoint answers", async () => {
    const store = new S3Storage({ settings: { ...radosgw.settings, endpoint: proxy.url } });
    const report = await checkHealth(db(), store);
    expect(report).toMatchObject({ status: "ok", storage: { status: "up" } });
  });

  it("is degraded, without internals, while the endpoint is unreachable, and ok again after", async () => {
    const store = new S3Storage({ settings: { ...radosgw.settings, endpoint: proxy.url } });
    await proxy.cutOff();
    try {
      const report = await checkHealth(db(), store);
      expect(report.status).toBe("degraded");
      expect(report.database.status).toBe("up");
      expect(report.storage).toEqual({ status: "down", error: "unreachable or not installed" });
    } finally {
      await proxy.restore();
    }
    expect((await checkHealth(db(), store)).storage?.status).toBe("up");
  });

  it("is degraded when the bucket does not exist or the keys are refused", async () => {
    const noBucket = new S3Storage({ settings: { ...radosgw.settings, bucket: "no-such-bucket-here" } });
    expect((await checkHealth(db(), noBucket)).storage?.status).toBe("down");
    const wrongSecret = new S3Storage({ settings: { ...radosgw.settings, secretAccessKey: "not-the-secret-at-all-0000000000000000000" } });
    expect((await checkHealth(db(), wrongSecret)).storage?.status).toBe("down");
  });
});

describe("result downloads from a bucket", () => {
  async function completedFile(store: S3Storage) {
    const user = await db().user.create({ data: { email: `download-${randomUUID()}@acme-mail.com` } });
    const batch = await db().batch.create({
      data: { userId: user.id, source: "api", fileCount: 1, totalBytes: 10n, expiresAt: new Date(Date.now() + 86_400_000), status: "completed" },
    });
    const cleanedKey = `results/${batch.id}/${randomUUID()}/cleaned`;
    await store.put(cleanedKey, Readable.from(["email\nann@acme-mail.com\n"]), { contentType: "text/csv" });
    const file = await db().batchFile.create({
      data: { batchId: batch.id, position: 0, originalName: "My list.csv", storageKey: "uploads/x/0", bytes: 10n, sha256: "0".repeat(64), status: "completed", cleanedKey },
    });
    return { userId: user.id, batchId: batch.id, fileId: file.id };
  }

  it("streams through the app when the bucket has no public address (the default)", async () => {
    const store = new S3Storage({ settings: radosgw.settings });
    const { userId, batchId, fileId } = await completedFile(store);
    const response = resultDownloadResponse(await resultDownload(userId, batchId, fileId, "cleaned", undefined, store));

    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="My_list-cleaned.csv"');
    expect(await response.text()).toBe("email\nann@acme-mail.com\n");
  });

  it("redirects the owner to a short-lived signed link on the public address, which downloads the file as an attachment", async () => {
    // The web server reaches the bucket directly; browsers through another address (here: the proxy).
    const store = new S3Storage({ settings: { ...radosgw.settings, publicEndpoint: proxy.url } });
    const { userId, batchId, fileId } = await completedFile(store);
    const response = resultDownloadResponse(await resultDownload(userId, batchId, fileId, "cleaned", undefined, store));

    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const link = new URL(response.headers.get("location") ?? "");
    expect(link.origin).toBe(proxy.url);
    expect(Number(link.searchParams.get("X-Amz-Expires"))).toBe(300);
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="My_list-cleaned.csv"');
    expect(await download.text()).toBe("email\nann@acme-mail.com\n");
  });

  it("gives no link to anyone but the owner", async () => {
    const store = new S3Storage({ settings: { ...radosgw.settings, publicEndpoint: proxy.url } });
    const { batchId, fileId } = await completedFile(store);
    const stranger = await db().user.create({ data: { email: `stranger-${randomUUID()}@acme-mail.com` } });
    await expect(resultDownload(stranger.id, batchId, fileId, "cleaned", undefined, store)).rejects.toMatchObject({ code: "not_found" });
  });
});

