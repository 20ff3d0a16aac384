// POST /api/batches (the dashboard's upload) with a zip of several lists, or none: refused
// at upload as the REST API refuses it, with the same codes and messages, beside the
// files that were taken. Real Postgres, storage and pg-boss; only the session is stubbed.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { multipartUpload } from "@/app/api/v1/__tests__/support/multipart-upload";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { db } from "@/lib/db/client";
import { newUser } from "@/lib/notifications/__tests__/support/finished-batch";
import { stopWebBoss, webBoss } from "@/lib/queue/boss";
import { makeZip } from "@/lib/verification/__tests__/support/make-zip";

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

const csv = "email\nann@acme-mail.com\n";
type Answer = { batch?: { files: { name: string }[] }; refused?: { name: string; code: string; message: string }[]; error?: { code: string; details?: { refused?: { code: string }[] } } };

async function upload(files: Record<string, Buffer | string>) {
  const user = await newUser("uploader");
  session.current = { user: { id: user.id, email: user.email } };
  const form = await multipartUpload(Object.entries(files).map(([name, content]) => ({ name, content, type: "application/octet-stream" })));
  const response = await POST(new Request("http://localhost/api/batches", { method: "POST", ...form, headers: { ...form.headers, "sec-fetch-site": "same-origin" } }));
  return { status: response.status, body: (await response.json()) as Answer, batches: await db().batch.count({ where: { userId: user.id } }) };
}

describe("POST /api/batches with a zip", () => {
  it("uploads the CSV and names the zip with two lists (sizes after the data) it refused", async () => {
    const twoLists = makeZip(
      [
        { name: "march/leads.csv", content: csv },
        { name: "march/customers.txt", content: csv },
      ],
      { streamed: true },
    );

    const { status, body } = await upload({ "march.zip": twoLists, "april.csv": csv });

    expect(status).toBe(202);
    expect(body.batch?.files.map((file) => file.name)).toEqual(["april.csv"]);
    expect(body.refused).toEqual([
      {
        name: "march.zip",
        code: "archive_several_lists",
        message: '"march.zip" holds several lists ("march/leads.csv", "march/customers.txt"…); it may hold only one. Upload them as separate files, or in separate zips.',
      },
    ]);
  });

  it("answers 415 and makes no batch when the only file is a zip of folders", async () => {
    const folders = makeZip([
      { name: "export/", content: "", store: true },
      { name: "__MACOSX/", content: "", store: true },
    ]);

    const { status, body, batches } = await upload({ "empty.zip": folders });

    expect(status).toBe(415);
    expect(body.error?.code).toBe("unsupported_media_type");
    expect(body.error?.details?.refused?.map((file) => file.code)).toEqual(["archive_no_list"]);
    expect(batches).toBe(0);
  });
});
