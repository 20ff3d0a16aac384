// POST /api/batches (the dashboard's upload) through the route handler, session
// stubbed: the email contract stored on the batch comes from the uploader's default
// unless the upload form chose one. Real Postgres, storage and pg-boss.
import { beforeAll, afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { uploadFormFields } from "@/components/upload/upload-files";
import { csvUpload } from "@/app/api/v1/__tests__/support/api-fixtures";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { getBatch } from "@/lib/batches/get-batch";
import { createScratchDatabase } from "@/lib/db/__tests__/support/scratch-database";
import { db } from "@/lib/db/client";
import { newUser } from "@/lib/notifications/__tests__/support/finished-batch";
import { defaultPreferences, type UploadNotifyOn } from "@/lib/notifications/preferences/notification-preferences";
import { savePreferences } from "@/lib/notifications/preferences/preference-store";
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
beforeEach(() => {
  session.current = null;
});

async function signedInWithDefault(notifyOn: UploadNotifyOn) {
  const user = await newUser("uploader");
  await savePreferences(user.id, { ...defaultPreferences("UTC"), uploadDefaults: { notifyOn } });
  session.current = { user: { id: user.id, email: user.email } };
  return user;
}

async function upload(fields: Record<string, string>) {
  const form = await csvUpload({ "a.csv": "email\nann@example.com\n" }, fields);
  const response = await POST(new Request("http://localhost/api/batches", { method: "POST", ...form }));
  expect(response.status).toBe(202);
  const { batch } = (await response.json()) as { batch: { id: string } };
  const stored = await db().batch.findUniqueOrThrow({ where: { id: batch.id } });
  return { id: batch.id, options: batchOptionsSchema.parse(stored.options) };
}

describe("POST /api/batches: which outcomes email the uploader", () => {
  it("stores the uploader's default when the form leaves it, and the batch page says so", async () => {
    const user = await signedInWithDefault("failure");
    const { id, options } = await upload(uploadFormFields("", ""));
    expect(options.notifications.email).toEqual({ enabled: true, on: ["FAILURE"] });
    expect(options.notifications_source).toBe("default");
    expect((await getBatch(user.id, id)).emailNotice).toBe("Email: only on failure (your default)");
  });

  it("turns email off for a default of none", async () => {
    await signedInWithDefault("none");
    const { options } = await upload(uploadFormFields("", ""));
    expect(options.notifications.email.enabled).toBe(false);
    expect(options.notifications_source).toBe("default");
  });

  it("stores the form's choice over the default, marked as set for this upload", async () => {
    const user = await signedInWithDefault("none");
    const { id, options } = await upload(uploadFormFields("email", "success"));
    expect(options.notifications.email).toEqual({ enabled: true, on: ["SUCCESS"] });
    expect(options).toMatchObject({ notifications_source: "upload", email_column: "email" });
    expect((await getBatch(user.id, id)).emailNotice).toBe("Email: only on success (set for this upload)");
  });

  it("answers 422 for a choice that does not exist", async () => {
    await signedInWithDefault("both");
    const form = await csvUpload({ "a.csv": "email\nann@example.com\n" }, { notify_on: "sometimes" });
    const response = await POST(new Request("http://localhost/api/batches", { method: "POST", ...form }));
    expect(response.status).toBe(422);
  });
});
