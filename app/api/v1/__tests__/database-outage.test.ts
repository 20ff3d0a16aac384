// While the database is down — a real PostgreSQL of this test's own, stopped — the
// boundaries say "temporarily unavailable" (503 service_unavailable, Retry-After)
// instead of 401 or 500, Auth.js keeps the session cookie, an upload leaves no file
// behind, and everything works again once the database is back, with no restart.
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { publicAction } from "@/app/action-state";
import { handlers } from "@/app/auth";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { createTempDir, removeTempDir } from "@/lib/db/__tests__/support/temp-dir";
import { db } from "@/lib/db/client";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { runMigrations } from "@/lib/db/migrate";
import { observeSessionLookup } from "@/lib/auth/session-lookup";
import { isDatabaseUnavailable } from "@/lib/db/is-database-unavailable";
import { errorResponse } from "@/lib/http/error-response";
import { createBoss } from "@/lib/queue/boss";
import { uploadBatch } from "@/lib/uploads/upload-batch";
import { GET as listBatches, POST as createBatch } from "../batches/route";
import { apiRequest, csvUpload, errorBody } from "./support/api-fixtures";

const SESSION_COOKIE = "authjs.session-token";

let root: string;
let postgres: EmbeddedPostgres;
let storageDir: string;
const person = { id: "", email: `outage-${randomBytes(4).toString("hex")}@example.com`, token: "", sessionToken: randomBytes(24).toString("hex") };

beforeAll(async () => {
  root = await createTempDir("tidings-outage-");
  postgres = await startEmbeddedPostgres({ dataDir: path.join(root, "postgres"), settings: { fsync: "off" } });
  await runMigrations({ connectionString: postgres.connectionString() });
  // Before anything reads lib/env.ts: this file's database and its own upload folder.
  process.env.DATABASE_URL = postgres.connectionString();
  storageDir = path.join(root, "uploads");
  process.env.STORAGE_DIR = storageDir;

  const user = await db().user.create({ data: { email: person.email } });
  await db().session.create({ data: { userId: user.id, sessionToken: person.sessionToken, expires: new Date(Date.now() + 86_400_000) } });
  person.id = user.id;
  person.token = (await createApiToken(user.id, "outage")).token;
});

afterAll(async () => {
  await db().$disconnect();
  await postgres?.stop();
  if (root) await removeTempDir(root);
});

/** GET /api/auth/session through the app's own Auth.js instance, with the session cookie. */
async function sessionEndpoint() {
  const request = new NextRequest("http://localhost:3000/api/auth/session", { headers: { cookie: `${SESSION_COOKIE}=${person.sessionToken}` } });
  const { value: response, failure } = await observeSessionLookup(() => handlers.GET(request));
  return { body: (await response.json()) as { user?: { email?: string } } | null, setCookie: response.headers.getSetCookie(), failure };
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

function expectServiceUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
}

describe("the database is up", () => {
  it("answers the API and the session as usual", async () => {
    expect((await listBatches(apiRequest("/api/v1/batches", { token: person.token }))).status).toBe(200);
    const session = await sessionEndpoint();
    expect(session.body?.user?.email).toBe(person.email);
    expect(session.failure).toBeUndefined();
  });
});

describe("the database is stopped", () => {
  beforeAll(async () => {
    await postgres.stop();
  });

  it("answers the API 503 service_unavailable with Retry-After, not 401 or 500", async () => {
    const response = await listBatches(apiRequest("/api/v1/batches", { token: person.token }));
    expectServiceUnavailable(response);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const error = await errorBody(response);
    expect(error.code).toBe("service_unavailable");
    expect(error.message).toMatch(/temporarily unavailable/);
  });

  it("refuses an upload with 503 and keeps none of its files", async () => {
    const form = await csvUpload({ "a.csv": "email\nann@example.com\n" });
    const response = await createBatch(apiRequest("/api/v1/batches", { token: person.token, method: "POST", ...form }));
    expectServiceUnavailable(response);
    expect((await errorBody(response)).code).toBe("service_unavailable");
    expect(await storedFiles()).toEqual([]);
  });

  it("removes the stored files of an upload whose batch cannot be created, and says 503", async () => {
    // Past authentication: the files are streamed to storage before the database is needed again.
    const form = await csvUpload({ "a.csv": "email\nann@example.com\n", "b.csv": "email\nbob@example.com\n" });
    const request = new Request("http://localhost:3000/api/v1/batches", { method: "POST", ...form });
    const failure = await uploadBatch(createBoss({ role: "web" }), request, { userId: person.id, source: "api" }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeDefined();
    expectServiceUnavailable(errorResponse(failure));
    expect(await storedFiles()).toEqual([]);
  });

  it("keeps the session: Auth.js finds no session but clears no cookie, and the lookup's failure is the outage", async () => {
    const session = await sessionEndpoint();
    expect(session.body).toBeNull();
    expect(session.setCookie.filter((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))).toEqual([]);
    expect(isDatabaseUnavailable(session.failure)).toBe(true);
  });

  it("gives a server action the form error 'temporarily unavailable'", async () => {
    const action = publicAction(z.object({}), async () => {
      await db().user.count();
    });
    expect(await action(null, new FormData())).toEqual({
      ok: false,
      error: { code: "service_unavailable", message: expect.stringMatching(/temporarily unavailable/) },
    });
  });
});

describe("the database is back", () => {
  beforeAll(async () => {
    postgres = await startEmbeddedPostgres({ dataDir: postgres.dataDir, port: postgres.port, settings: { fsync: "off" } });
  });

  it("answers as before, with the same session and token, without restarting anything", async () => {
    expect((await listBatches(apiRequest("/api/v1/batches", { token: person.token }))).status).toBe(200);
    expect((await sessionEndpoint()).body?.user?.email).toBe(person.email);
  });
});
