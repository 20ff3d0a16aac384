// GET /api/metrics on the production build that `npm start` serves: the token rules,
// and the Prometheus text a scraper gets, with the system's numbers from the database
// and this web server's request latency.
import { expect, test } from "@playwright/test";
import { E2E_METRICS_TOKEN } from "./support/settings";

test("answers a scraper with the token in the Prometheus text format, and refuses one without", async ({ request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { authorization: "Bearer not-the-token-0000000000" } })).status()).toBe(401);

  const authorization = `Bearer ${E2E_METRICS_TOKEN}`;
  // A first scrape, so the second one shows this server's own timed request.
  expect((await request.get("/api/metrics", { headers: { authorization } })).status()).toBe(200);
  const response = await request.get("/api/metrics", { headers: { authorization } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const text = await response.text();
  for (const name of ["tidings_queue_jobs", "tidings_files", "tidings_upload_bytes_last_hour", "tidings_deliveries_last_hour", "tidings_http_request_duration_seconds"]) {
    expect(text).toContain(`# TYPE ${name} `);
  }
  // The first scrape, timed by this web server and shown in the second.
  expect(text).toMatch(/^tidings_http_request_duration_seconds_count\{method="GET",route="\/api\/metrics",status="200"\} [1-9]/m);
});

test("keeps the health answer as it was with files on the local disk: no bucket to check", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: "ok", database: { status: "up" }, queue: { status: "up" } });
  expect(body).not.toHaveProperty("storage");
});
