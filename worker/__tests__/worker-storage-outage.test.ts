// The S3 endpoint going away while a file is being processed: the file goes back to
// the queue (pg-boss retries with backoff, then further rounds) instead of failing
// for good, and once the endpoint is back it ends processed, with exactly one email.
// Real worker process, real pg-boss, a real S3 server (Ceph radosgw) behind a proxy
// that the test cuts off and restores on the same port.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startFakeResendServer, type FakeResendServer } from "@/e2e/support/fake-resend-server";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { db } from "@/lib/db/client";
import { ensureQueues } from "@/lib/queue/ensure-queues";
import { S3Storage } from "@/lib/storage/s3-storage";
import { startTestRadosgw, type TestRadosgw } from "@/lib/storage/__tests__/support/radosgw";
import { startSwitchableProxy, type SwitchableProxy } from "@/lib/storage/__tests__/support/switchable-proxy";
import { killWorkers, startWorker, useOwnDatabase, waitFor } from "./support/worker-harness";

let boss: PgBoss;
let resend: FakeResendServer;
let radosgw: TestRadosgw;
let proxy: SwitchableProxy;
let bucket: S3Storage;

beforeAll(async () => {
  process.env.DATABASE_URL = await useOwnDatabase();
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL, supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
  resend = await startFakeResendServer();
  radosgw = await startTestRadosgw();
  const endpoint = new URL(radosgw.settings.endpoint ?? "");
  proxy = await startSwitchableProxy({ host: endpoint.hostname, port: Number(endpoint.port) });
  // The test itself reaches the bucket directly; the worker only through the proxy.
  bucket = new S3Storage({ settings: radosgw.settings });
}, 1_200_000);
afterEach(killWorkers);
afterAll(async () => {
  await proxy?.close();
  await resend?.stop();
  await boss?.stop({ graceful: false });
  await radosgw?.stop();
}, 60_000);

function workerThroughProxy() {
  const { settings } = radosgw;
  return startWorker({
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: proxy.url,
    S3_BUCKET: settings.bucket,
    S3_REGION: settings.region,
    S3_FORCE_PATH_STYLE: String(settings.forcePathStyle),
    S3_ACCESS_KEY_ID: settings.accessKeyId ?? "",
    S3_SECRET_ACCESS_KEY: settings.secretAccessKey ?? "",
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: resend.url,
    APP_URL: "http://localhost:3000",
  });
}

it("retries a file while S3 is unreachable and finishes it, with one email, once S3 is back", { timeout: 300_000 }, async () => {
  const user = await db().user.create({ data: { email: `s3-outage-${randomUUID()}@acme-mail.com` } });
  const key = `uploads/${randomUUID()}/0`;
  const { bytes } = await bucket.put(key, Readable.from(["email\nann@acme-mail.com\nbob@acme-mail.com\nnot-an-address\n"]));
  await proxy.cutOff();
  const batch = await createBatch(boss, {
    userId: user.id,
    source: "api",
    files: [{ key, originalName: "list.csv", bytes, sha256: "0".repeat(64), contentType: "text/csv" }],
    options: batchOptionsSchema.parse({}),
  });
  const fileId = batch.files[0]?.id ?? "";
  const readFile = () => db().batchFile.findUniqueOrThrow({ where: { id: fileId } });
  workerThroughProxy();

  // Every attempt of the first job (1 + retryLimit 3) fails on the unreachable endpoint;
  // after the last one the file must be waiting for another round, not failed.
  const afterFirstRound = await waitFor(readFile, (file) => file.attempts >= 4 && file.status !== "processing", 150_000);
  expect(afterFirstRound.status).toBe("queued");

  await proxy.restore();
  const finished = await waitFor(readFile, (file) => file.status === "completed" || file.status === "failed", 120_000);
  expect(finished.status).toBe("completed");
  expect(finished.error).toBeNull();
  expect(finished.summary).toMatchObject({ rows: 3 });
  expect(await bucket.exists(finished.cleanedKey ?? "")).toBe(true);
  expect((await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe("completed");

  await waitFor(
    () => db().delivery.findMany({ where: { channel: "email", event: { batchId: batch.id } } }),
    (rows) => rows.length === 1 && rows[0]?.status === "sent",
    60_000,
  );
  expect(resend.emails().filter((email) => (email.payload.to as string[]).includes(user.email))).toHaveLength(1);
  expect(await db().notificationEvent.count({ where: { batchId: batch.id } })).toBe(1);
});
