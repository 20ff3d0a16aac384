// GET /api/metrics end to end: the route's token rules, and the numbers a scraper
// reads moving after a real batch worked by the real worker process (the web side
// answers for work it never did itself: the numbers come from the database).
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { startFakeResendServer, type FakeResendServer } from "@/e2e/support/fake-resend-server";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { db } from "@/lib/db/client";
import { ensureQueues } from "@/lib/queue/ensure-queues";
import { routeLabel } from "@/lib/metrics/request-metrics";
import { assertMetricsAccess } from "@/lib/metrics/scrape-metrics";
import { storage } from "@/lib/storage/storage";
import { killWorkers, startWorker, useOwnDatabase, waitFor } from "@/worker/__tests__/support/worker-harness";

const TOKEN = "metrics-token-for-tests-0123456789";
let boss: PgBoss;
let resend: FakeResendServer;

beforeAll(async () => {
  process.env.DATABASE_URL = await useOwnDatabase();
  process.env.METRICS_TOKEN = TOKEN;
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL, supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
  resend = await startFakeResendServer();
});
afterEach(killWorkers);
afterAll(async () => {
  await resend?.stop();
  await boss?.stop({ graceful: false });
});

const scrape = (authorization?: string) =>
  GET(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }));

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The Prometheus text format's samples (comments and blank lines skipped). */
function parseSamples(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1] ?? "", labels, value: Number(match[3]) };
    });
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))
    .reduce((sum, sample) => sum + sample.value, 0);
}

async function readSamples(): Promise<Sample[]> {
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseSamples(await response.text());
}

describe("GET /api/metrics", () => {
  it("does not exist (404) while METRICS_TOKEN is unset, whatever the scraper sends", () => {
    expect(() => assertMetricsAccess(`Bearer ${TOKEN}`, undefined)).toThrow(expect.objectContaining({ code: "not_found" }));
    expect(() => assertMetricsAccess(null, undefined)).toThrow(expect.objectContaining({ code: "not_found" }));
    expect(() => assertMetricsAccess(`Bearer ${TOKEN}`, TOKEN)).not.toThrow();
  });

  it("labels requests by route, not by id, so each route is one series", () => {
    expect(routeLabel("/api/v1/batches/cmf3kq2x40000abcd1234efgh/files/3f0c2a1e-9a7b-4c1d-8e2f-0a1b2c3d4e5f/cleaned")).toBe(
      "/api/v1/batches/:id/files/:id/cleaned",
    );
    expect(routeLabel("/api/notifications/unread")).toBe("/api/notifications/unread");
  });

  it("refuses a scraper without the token, or with a wrong one (401), naming the scheme to use", async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="tidings-metrics"');
      expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("shows a batch's work moving the numbers: queue depth, files, rows, upload bytes, emails, jobs, latency", { timeout: 120_000 }, async () => {
    const user = await db().user.create({ data: { email: `metrics-${randomUUID()}@acme-mail.com` } });
    const key = `uploads/${randomUUID()}/0`;
    const { bytes } = await storage().put(key, Readable.from(["email\nann@acme-mail.com\nbob@acme-mail.com\nnot-an-address\n"]));
    const before = await readSamples();

    await createBatch(boss, {
      userId: user.id,
      source: "api",
      files: [{ key, originalName: "list.csv", bytes, sha256: "0".repeat(64), contentType: "text/csv" }],
      options: batchOptionsSchema.parse({}),
    });
    // Queued, no worker yet: the queue shows one file waiting.
    const queued = await readSamples();
    expect(value(queued, "tidings_queue_jobs", { queue: "batch.process-file", state: "queued" })).toBe(1);
    expect(value(queued, "tidings_upload_bytes_last_hour") - value(before, "tidings_upload_bytes_last_hour")).toBe(bytes);
    expect(value(queued, "tidings_batches_created_last_hour") - value(before, "tidings_batches_created_last_hour")).toBe(1);

    startWorker({ RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: resend.url, APP_URL: "http://localhost:3000" });
    await waitFor(
      () => db().delivery.findMany({ where: { channel: "email", userId: user.id } }),
      (rows) => rows.length === 1 && rows[0]?.status === "sent",
      90_000,
    );
    const after = await readSamples();

    expect(value(after, "tidings_queue_jobs", { queue: "batch.process-file" })).toBe(0);
    // An idle queue is still there, at 0, dead-letter queues included.
    const idle = after.filter((sample) => sample.name === "tidings_queue_jobs" && sample.labels.queue === "batch.process-file.dead");
    expect(idle.map((sample) => [sample.labels.state, sample.value]).sort()).toEqual([["active", 0], ["queued", 0], ["retry", 0]]);
    expect(value(after, "tidings_files", { status: "completed" }) - value(before, "tidings_files", { status: "completed" })).toBe(1);
    expect(value(after, "tidings_files_finished_last_hour", { status: "completed" }) - value(before, "tidings_files_finished_last_hour", { status: "completed" })).toBe(1);
    expect(value(after, "tidings_rows_processed_last_hour") - value(before, "tidings_rows_processed_last_hour")).toBe(3);
    expect(value(after, "tidings_deliveries_last_hour", { channel: "email", status: "sent" }) - value(before, "tidings_deliveries_last_hour", { channel: "email", status: "sent" })).toBe(1);
    expect(value(after, "tidings_queue_jobs_settled_last_hour", { queue: "batch.process-file", state: "completed" })).toBeGreaterThanOrEqual(1);
    expect(value(after, "tidings_queue_jobs_settled_last_hour", { queue: "notification.send-email", state: "completed" })).toBeGreaterThanOrEqual(1);
    // This process's earlier scrapes (before, queued) went through the route wrapper and were timed;
    // a scrape is timed once its answer is ready, so it is not in its own text.
    expect(value(after, "tidings_http_request_duration_seconds_count", { route: "/api/metrics", status: "200" })).toBe(2);
  });
});
