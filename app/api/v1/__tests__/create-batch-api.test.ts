// POST /api/v1/batches end to end below HTTP: the handler called with a multipart
// Request, real Postgres, real storage and pg-boss (the routes' own webBoss()).
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchResponseSchema } from "@/lib/api/api-schemas";
import { db } from "@/lib/db/client";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { defaultPreferences } from "@/lib/notifications/preferences/notification-preferences";
import { savePreferences } from "@/lib/notifications/preferences/preference-store";
import { storage } from "@/lib/storage/storage";
import { POST as createBatch } from "../batches/route";
import { apiRequest, csvUpload, errorBody, newApiUser } from "./support/api-fixtures";
import { queuedWork } from "./support/queued-work";
import { stopWebBoss, webBoss } from "@/lib/queue/boss";

let boss: PgBoss;

// The routes' own webBoss(): against the test database, with every queue created.
beforeAll(async () => {
  boss = await webBoss();
});

afterAll(async () => {
  await stopWebBoss();
});

describe("POST /api/v1/batches", () => {
  it("accepts two CSVs as one batch: 202, the rows stored, a queued file per file", async () => {
    const { user, token } = await newApiUser();
    const options = { context: { user_id: "crm-42", email: "ops@example.com" }, notifications: { email: { enabled: true, on: ["FAILURE"] } } };
    const form = await csvUpload({ "a.csv": "email\nann@example.com\n", "b.csv": "email\nbob@example.com\n" }, { options: JSON.stringify(options) });

    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));

    expect(response.status).toBe(202);
    const { batch } = batchResponseSchema.parse(await response.json());
    expect(batch).toMatchObject({ status: "queued", source: "api", fileCount: 2, totalBytes: 44 });
    expect(batch.files?.map((file) => [file.name, file.status, file.downloads.cleaned])).toEqual([
      ["a.csv", "queued", null],
      ["b.csv", "queued", null],
    ]);
    const stored = await db().batch.findUniqueOrThrow({ where: { id: batch.id }, include: { files: true } });
    expect(stored.userId).toBe(user.id);
    expect(stored.options).toMatchObject(options);
    for (const file of stored.files) expect(await storage().exists(file.storageKey)).toBe(true);
    const fileIds = stored.files.map((file) => file.id);
    expect(await queuedWork(fileIds)).toEqual([...fileIds].sort());
  });

  it("applies the uploader's default when `options` leaves notifications.email out, and keeps an explicit one", async () => {
    const { user, token } = await newApiUser();
    await savePreferences(user.id, { ...defaultPreferences("UTC"), uploadDefaults: { notifyOn: "success" } });
    const storedOptions = async (options: unknown) => {
      const form = await csvUpload({ "a.csv": "email\nann@example.com\n" }, { options: JSON.stringify(options) });
      const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));
      expect(response.status).toBe(202);
      const { batch } = batchResponseSchema.parse(await response.json());
      return batchOptionsSchema.parse((await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).options);
    };

    expect(await storedOptions({ context: { user_id: "crm-1" } })).toMatchObject({ notifications: { email: { enabled: true, on: ["SUCCESS"] } }, notifications_source: "default" });
    // Named, even with every field left to its default: the upload's own choice.
    expect(await storedOptions({ notifications: { email: {} } })).toMatchObject({ notifications: { email: { enabled: true, on: ["SUCCESS", "FAILURE"] } }, notifications_source: "upload" });
    expect(await storedOptions({ notifications: { email: { enabled: false } }, notifications_source: "default" })).toMatchObject({
      notifications: { email: { enabled: false } },
      notifications_source: "upload",
    });
  });

  it("stores `keep_risky` from the options JSON or the form's checkbox, false when neither asks, 422 when it is not a boolean", async () => {
    const { token } = await newApiUser();
    const upload = async (fields: Record<string, string>) =>
      createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...(await csvUpload({ "a.csv": "email\nann@acme-mail.com\n" }, fields)) }));
    const keepRisky = async (fields: Record<string, string>) => {
      const response = await upload(fields);
      expect(response.status).toBe(202);
      const { batch } = batchResponseSchema.parse(await response.json());
      return batchOptionsSchema.parse((await db().batch.findUniqueOrThrow({ where: { id: batch.id } })).options).keep_risky;
    };
    expect(await keepRisky({ options: JSON.stringify({ keep_risky: true }) })).toBe(true);
    expect(await keepRisky({ keep_risky: "on" })).toBe(true);
    expect(await keepRisky({ keep_risky: "false" })).toBe(false);
    expect(await keepRisky({ options: JSON.stringify({ keep_risky: false }), keep_risky: "on" })).toBe(false);
    expect(await keepRisky({})).toBe(false);
    const wrong = await upload({ options: JSON.stringify({ keep_risky: "yes" }) });
    expect(wrong.status).toBe(422);
    expect((await errorBody(wrong)).details).toMatchObject({ issues: [{ path: "keep_risky" }] });
  });

  it("answers 422 with the issues when `options` has the wrong shape, and keeps nothing", async () => {
    const { user, token } = await newApiUser();
    const form = await csvUpload({ "a.csv": "email\nann@example.com\n" }, { options: JSON.stringify({ notifications: { email: { on: ["SOMETIMES"] } }, context: { email: "nope" } }) });

    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));

    expect(response.status).toBe(422);
    const error = await errorBody(response);
    expect(error.code).toBe("validation_failed");
    const paths = (error.details?.issues as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["notifications.email.on.0", "context.email"]));
    expect(await db().batch.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers 422 when `options` is not JSON", async () => {
    const { token } = await newApiUser();
    const form = await csvUpload({ "a.csv": "email\n" }, { options: "{not json" });
    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));
    expect(response.status).toBe(422);
    expect((await errorBody(response)).message).toMatch(/not valid JSON/);
  });

  it("answers 415 for a body that is not multipart/form-data", async () => {
    const { token } = await newApiUser();
    const response = await createBatch(
      apiRequest("/api/v1/batches", { token, method: "POST", body: JSON.stringify({ files: [] }), headers: { "content-type": "application/json" } }),
    );
    expect(response.status).toBe(415);
    expect((await errorBody(response)).code).toBe("unsupported_media_type");
  });

  it("answers 400 for an upload without files", async () => {
    const { token } = await newApiUser();
    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...(await csvUpload({}, { options: "{}" })) }));
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toMatch(/no files/);
  });

  it("answers 413 for more files than one upload may hold", async () => {
    const { token } = await newApiUser();
    const files = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}.csv`, "email\n"]));
    const response = await createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...(await csvUpload(files)) }));
    expect(response.status).toBe(413);
    expect((await errorBody(response)).details).toMatchObject({ limit: "files" });
  });
});
