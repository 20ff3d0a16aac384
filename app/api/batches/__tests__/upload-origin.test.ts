// POST /api/batches carries the session cookie, so another website could post an
// upload in a signed-in person's name (naming any extra recipient). Requests a browser
// marks as cross-site are refused 403 and store nothing; same-origin ones and
// non-browser clients (no Origin, no Sec-Fetch-Site) are accepted.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { csvUpload, errorBody } from "@/app/api/v1/__tests__/support/api-fixtures";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
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

async function uploadWith(headers: Record<string, string>) {
  const form = await csvUpload({ "a.csv": "email\nann@acme-mail.com\n" });
  return POST(new Request(`${env().APP_URL}/api/batches`, { method: "POST", body: form.body, headers: { ...form.headers, ...headers } }));
}

describe("POST /api/batches: where the request comes from", () => {
  it("refuses a cross-site POST that carries the session cookie, and stores nothing", async () => {
    const user = await newUser("uploader");
    session.current = { user: { id: user.id, email: user.email } };
    const appOrigin = new URL(env().APP_URL).origin;

    const crossSite: Record<string, string>[] = [
      { origin: "https://evil-login.com", "sec-fetch-site": "cross-site" },
      { origin: "https://evil-login.com" },
      { "sec-fetch-site": "same-site", origin: appOrigin },
      { origin: "null" },
    ];
    for (const headers of crossSite) {
      const response = await uploadWith(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await errorBody(response)).toMatchObject({ code: "forbidden", details: { reason: "cross_site" } });
    }
    expect(await db().batch.count({ where: { userId: user.id } })).toBe(0);

    expect((await uploadWith({ origin: appOrigin, "sec-fetch-site": "same-origin" })).status).toBe(202);
    // Not a browser: nothing to forge.
    expect((await uploadWith({})).status).toBe(202);
    expect(await db().batch.count({ where: { userId: user.id } })).toBe(2);
  });
});
