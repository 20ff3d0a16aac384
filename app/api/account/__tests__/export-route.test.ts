// GET /api/account/export through the route handler, with the session stubbed.
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { db } from "@/lib/db/client";

const session = vi.hoisted(() => ({ current: null as { user: { id: string; email: string } } | null }));
vi.mock("@/app/auth", () => ({ auth: async () => session.current }));

const { GET } = await import("../export/route");

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});
beforeEach(() => {
  session.current = null;
});

describe("GET /api/account/export", () => {
  it("answers 401 without a session", async () => {
    const response = await GET(new Request("http://localhost/api/account/export"));
    expect(response.status).toBe(401);
  });

  it("sends the signed-in person's archive as a download", async () => {
    const user = await db().user.create({ data: { email: `export-${randomUUID()}@example.com` } });
    session.current = { user: { id: user.id, email: user.email } };
    const response = await GET(new Request("http://localhost/api/account/export"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="tidings-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.readUInt32LE(0)).toBe(0x04034b50);
  });
});
