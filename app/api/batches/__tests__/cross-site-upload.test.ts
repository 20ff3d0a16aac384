// POST /api/batches with a live session from another site: the cookie rides along on
// any site's form or fetch, so the route itself must refuse, before storing anything.
// Real Postgres, storage and pg-boss; only the session lookup is stubbed.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { csvUpload } from "@/app/api/v1/__tests__/support/api-fixtures";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { db } from "@/lib/db/client";
import { newUser } from "@/lib/notifications/__tests__/support/finished-batch";
import { stopWebBoss, webBoss } from "@/lib/queue/boss";

const session = vi.hoisted(() => ({ current: null as { user: { id: string; email: string } } | null }));
vi.mock("@/app/auth", () => ({ auth: async () => session.current }));

const { POST } = await import("../route");

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  await webBoss();
});
afterAll(async () => {
  await stopWebBoss();
});

async function uploadAs(headers: Record<string, string>) {
  const user = await newUser("uploader");
  session.current = { user: { id: user.id, email: user.email } };
  const form = await csvUpload({ "a.csv": "email\nann@example.com\n" });
  const response = await POST(new Request("http://localhost/api/batches", { method: "POST", ...form, headers: { ...form.headers, ...headers } }));
  const batches = await db().batch.count({ where: { userId: user.id } });
  return { response, batches };
}

describe("POST /api/batches from another site", () => {
  it("answers 403 cross_site_request to a cross-site browser POST and stores nothing", async () => {
    const { response, batches } = await uploadAs({ "sec-fetch-site": "cross-site", origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
    expect(batches).toBe(0);
  });

  it("refuses a foreign Origin from a browser that sends no Sec-Fetch-Site", async () => {
    const { response, batches } = await uploadAs({ origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(batches).toBe(0);
  });

  it("accepts the dashboard's own same-origin upload", async () => {
    const { response, batches } = await uploadAs({ "sec-fetch-site": "same-origin", origin: "http://localhost" });
    expect(response.status).toBe(202);
    expect(batches).toBe(1);
  });

  it("accepts a client that is not a browser (no Origin, no Sec-Fetch-Site)", async () => {
    const { response, batches } = await uploadAs({});
    expect(response.status).toBe(202);
    expect(batches).toBe(1);
  });
});
