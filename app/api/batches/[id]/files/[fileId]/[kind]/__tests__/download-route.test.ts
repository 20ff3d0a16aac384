// GET /api/batches/:id/files/:fileId/cleaned through the route handler, session
// stubbed: a browser opening the emailed link signed out goes to sign-in and back to
// this very address; a script gets the JSON 401; signed in, the file downloads.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { safeCallbackPath } from "@/lib/auth/sign-in-input";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { db } from "@/lib/db/client";
import { storage } from "@/lib/storage/storage";

const session = vi.hoisted(() => ({ current: null as { user: { id: string; email: string } } | null }));
vi.mock("@/app/auth", () => ({ auth: async () => session.current }));

const { GET } = await import("../route");

const PATH = "/api/batches/bat_1/files/file_1/cleaned";

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});
beforeEach(() => {
  session.current = null;
});

function download(path: string, headers: Record<string, string>) {
  const [, id, fileId, kind] = /^\/api\/batches\/([^/]+)\/files\/([^/]+)\/([^/?]+)/.exec(path) ?? [];
  return GET(new Request(`http://localhost:3000${path}`, { headers }), { params: Promise.resolve({ id: id ?? "", fileId: fileId ?? "", kind: kind ?? "" }) });
}

/** What Chromium sends when a person opens a link from their mail client. */
const NAVIGATION = { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", "sec-fetch-site": "none", accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("GET a result CSV without a session", () => {
  it("sends a browser navigation to sign-in, with this address as the destination the sign-in accepts", async () => {
    const response = await download(`${PATH}?from=email`, NAVIGATION);
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    // Relative: the browser stays on the origin it used.
    expect(location.startsWith("/sign-in?")).toBe(true);
    const callbackUrl = new URL(location, "http://localhost:3000").searchParams.get("callbackUrl");
    expect(callbackUrl).toBe(`${PATH}?from=email`);
    expect(safeCallbackPath(callbackUrl ?? undefined)).toBe(`${PATH}?from=email`);
  });

  it("treats a browser without Fetch Metadata that asks for HTML as a navigation", async () => {
    const response = await download(PATH, { accept: "text/html,*/*;q=0.8" });
    expect(response.status).toBe(303);
  });

  it("keeps the JSON 401 for fetches, frames and clients that are not browsers", async () => {
    const notNavigations: Record<string, string>[] = [
      { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", accept: "*/*" },
      { "sec-fetch-mode": "navigate", "sec-fetch-dest": "iframe", accept: "text/html" },
      { accept: "*/*" },
      {},
    ];
    for (const headers of notNavigations) {
      const response = await download(PATH, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });
});

describe("GET a result CSV signed in", () => {
  it("downloads the owner's cleaned CSV", async () => {
    const user = await db().user.create({ data: { email: `download-${randomUUID()}@acme-mail.com` } });
    const batch = await db().batch.create({
      data: { userId: user.id, source: "dashboard", status: "completed", fileCount: 1, totalBytes: 20n, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const cleanedKey = `results/${batch.id}/cleaned-${randomUUID()}`;
    await storage().put(cleanedKey, Readable.from(["email\nann@acme-mail.com\n"]));
    const file = await db().batchFile.create({
      data: { batchId: batch.id, position: 0, originalName: "contacts.csv", storageKey: `uploads/${randomUUID()}`, bytes: 20n, sha256: "0".repeat(64), status: "completed", cleanedKey },
    });
    session.current = { user: { id: user.id, email: user.email } };

    const response = await download(`/api/batches/${batch.id}/files/${file.id}/cleaned`, NAVIGATION);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="contacts-cleaned.csv"');
    expect(await response.text()).toBe("email\nann@acme-mail.com\n");
  });
});

describe("GET a result file in another format", () => {
  async function completedTabFile() {
    const user = await db().user.create({ data: { email: `format-${randomUUID()}@acme-mail.com` } });
    const batch = await db().batch.create({
      data: { userId: user.id, source: "dashboard", status: "completed", fileCount: 1, totalBytes: 20n, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const reportKey = `results/${batch.id}/report-${randomUUID()}`;
    const cleanedKey = `results/${batch.id}/cleaned-${randomUUID()}`;
    const reportHeader = "email\tnormalized_email\tdisplay_name\taddress_in_cell\tverdict\treason\tdetail\tsuggestion\tfree_mail\trow_issue\tline\n";
    await storage().put(reportKey, Readable.from([`${reportHeader}ann@acme-mail.com\tann@acme-mail.com\t\t\tvalid\t\t\t\tfalse\t\t2\n`]));
    await storage().put(cleanedKey, Readable.from(["email\tnormalized_email\nann@acme-mail.com\tann@acme-mail.com\n"]));
    const file = await db().batchFile.create({
      data: {
        batchId: batch.id,
        position: 0,
        originalName: "contacts.txt",
        storageKey: `uploads/${randomUUID()}`,
        bytes: 20n,
        sha256: "0".repeat(64),
        status: "completed",
        cleanedKey,
        reportKey,
        summary: { delimiter: "\t", bom: false, columns: 1 },
      },
    });
    session.current = { user: { id: user.id, email: user.email } };
    return `/api/batches/${batch.id}/files/${file.id}`;
  }

  it("names a tab-separated result .tsv with its content type", async () => {
    const response = await download(`${await completedTabFile()}/cleaned`, NAVIGATION);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/tab-separated-values; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="contacts-cleaned.tsv"');
  });

  it("streams an Excel workbook with its content type", async () => {
    const response = await download(`${await completedTabFile()}/report?format=xlsx`, NAVIGATION);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="contacts-report.xlsx"');
    // A zip archive.
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 2).toString("latin1")).toBe("PK");
  });

  it("answers an unknown format with a 400 that lists the formats", async () => {
    const response = await download(`${await completedTabFile()}/cleaned?format=pdf`, NAVIGATION);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "bad_request", message: "Unknown format. Use one of: csv, excel-csv, xlsx." } });
  });
});
