// The v1 routes that read and retry batches, end to end below HTTP: handlers called with a Request, real
// Postgres, real storage and pg-boss (the routes' own webBoss()).
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchPageSchema, batchResponseSchema, retryResultSchema } from "@/lib/api/api-schemas";
import { db } from "@/lib/db/client";
import { Readable } from "node:stream";
import { storage } from "@/lib/storage/storage";
import { run } from "@/lib/verification/__tests__/support/run-processor";
import { GET as download } from "../batches/[id]/files/[fileId]/[kind]/route";
import { GET as downloadMerged } from "../batches/[id]/merged/[kind]/route";
import { POST as retry } from "../batches/[id]/retry/route";
import { GET as getBatch } from "../batches/[id]/route";
import { GET as listBatches } from "../batches/route";
import { apiRequest, BASE_URL, errorBody, newApiUser, routeContext } from "./support/api-fixtures";
import { CLEANED_CSV, queuedBatch, settle } from "./support/batch-fixtures";
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

describe("GET /api/v1/batches", () => {
  it("pages newest first with a cursor, and counts every batch by status", async () => {
    const { user, token } = await newApiUser();
    const created = [];
    for (const name of ["first.csv", "second.csv", "third.csv"]) created.push(await queuedBatch(boss, user.id, [name]));

    const first = batchPageSchema.parse(await (await listBatches(apiRequest("/api/v1/batches?limit=2", { token }))).json());
    expect(first.items.map((batch) => batch.id)).toEqual([created[2]!.id, created[1]!.id]);
    expect(first.items[0]).not.toHaveProperty("files");
    expect(first.counts).toMatchObject({ queued: 3, completed: 0 });
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(first.prevCursor).toBeNull();

    const second = batchPageSchema.parse(await (await listBatches(apiRequest(`/api/v1/batches?limit=2&cursor=${first.nextCursor}`, { token }))).json());
    expect(second.items.map((batch) => batch.id)).toEqual([created[0]!.id]);
    expect(second.nextCursor).toBeNull();
    expect(second.prevCursor).toEqual(expect.any(String));

    const completed = batchPageSchema.parse(await (await listBatches(apiRequest("/api/v1/batches?status=completed", { token }))).json());
    expect(completed.items).toEqual([]);
  });

  it("shows nobody else's batches", async () => {
    const owner = await newApiUser();
    const stranger = await newApiUser();
    await queuedBatch(boss, owner.user.id);
    const page = batchPageSchema.parse(await (await listBatches(apiRequest("/api/v1/batches", { token: stranger.token }))).json());
    expect(page.items).toEqual([]);
    expect(page.counts.queued).toBe(0);
  });

  it("answers 400 bad_request for a cursor it did not give out, such as a batch id", async () => {
    const { user, token } = await newApiUser();
    const batch = await queuedBatch(boss, user.id);
    const response = await listBatches(apiRequest(`/api/v1/batches?cursor=${batch.id}`, { token }));
    expect(response.status).toBe(400);
    const error = await errorBody(response);
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(/^cursor: .*first page/);
  });

  it.each([
    ["limit=500", "limit"],
    ["limit=0", "limit"],
    ["status=lost", "status"],
  ])("answers 422 for ?%s", async (query, field) => {
    const { token } = await newApiUser();
    const response = await listBatches(apiRequest(`/api/v1/batches?${query}`, { token }));
    expect(response.status).toBe(422);
    const error = await errorBody(response);
    expect(error.code).toBe("validation_failed");
    expect(error.details?.issues).toEqual([expect.objectContaining({ path: field })]);
  });
});

describe("GET /api/v1/batches/:id and its result files", () => {
  it("gives files, stats, timings and absolute download URLs that serve the CSV", async () => {
    const { user, token } = await newApiUser();
    const batch = await queuedBatch(boss, user.id, ["good.csv", "broken.csv"]);
    await settle(boss, batch, ["completed", "failed"]);

    const response = await getBatch(apiRequest(`/api/v1/batches/${batch.id}`, { token }), routeContext({ id: batch.id }));
    expect(response.status).toBe(200);
    const body = batchResponseSchema.parse(await response.json()).batch;
    expect(body.status).toBe("partial");
    expect(body.stats).toMatchObject({ rows: 2, files: { total: 2, completed: 1, failed: 1 } });
    expect(body.timings.queuedAt).toBe(body.createdAt);
    expect(body.timings.processingMs).toBeGreaterThanOrEqual(1000);
    const [good, broken] = body.files ?? [];
    expect(good?.summary?.verdicts).toEqual({ valid: 1, risky: 0, invalid: 1, duplicate: 0 });
    expect(good?.downloads.cleaned).toBe(`${BASE_URL}/api/v1/batches/${batch.id}/files/${good?.id}/cleaned`);
    expect(broken).toMatchObject({ status: "failed", error: "The file is not text.", downloads: { cleaned: null, report: null } });

    const csv = await download(apiRequest(new URL(good!.downloads.cleaned!).pathname, { token }), routeContext({ id: batch.id, fileId: good!.id, kind: "cleaned" }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="good-cleaned.csv"');
    expect(await csv.text()).toBe(CLEANED_CSV);
  });

  it("answers 404, never 403, for another person's batch and files — the same as for no batch at all", async () => {
    const owner = await newApiUser();
    const stranger = await newApiUser();
    const batch = await queuedBatch(boss, owner.user.id);
    await settle(boss, batch, ["completed"]);
    const fileId = batch.files[0]!.id;

    const theirs = await getBatch(apiRequest(`/api/v1/batches/${batch.id}`, { token: stranger.token }), routeContext({ id: batch.id }));
    const none = await getBatch(apiRequest("/api/v1/batches/nothing", { token: stranger.token }), routeContext({ id: "nothing" }));
    expect(theirs.status).toBe(404);
    expect(await errorBody(theirs)).toEqual(await errorBody(none));

    const file = await download(apiRequest("/x", { token: stranger.token }), routeContext({ id: batch.id, fileId, kind: "report" }));
    expect(file.status).toBe(404);
    const retried = await retry(apiRequest("/x", { token: stranger.token, method: "POST" }), routeContext({ id: batch.id }));
    expect(retried.status).toBe(404);
  });

  it("answers 404 for a malformed id or an unknown kind of result", async () => {
    const { user, token } = await newApiUser();
    const batch = await queuedBatch(boss, user.id);
    expect((await getBatch(apiRequest("/x", { token }), routeContext({ id: "x".repeat(65) }))).status).toBe(404);
    const kind = await download(apiRequest("/x", { token }), routeContext({ id: batch.id, fileId: batch.files[0]!.id, kind: "secrets" }));
    expect(kind.status).toBe(404);
  });
});

describe("GET /api/v1/batches/:id/merged/:kind", () => {
  // Two completed files whose stored results are the real processor's.
  async function twoExports(userId: string) {
    const batch = await queuedBatch(boss, userId, ["crm-a.csv", "crm-b.csv"]);
    await settle(boss, batch, ["completed", "completed"]);
    const inputs = ["email,name\nann@acme-mail.com,Ann\n", "name,email\nAnn,ann@acme-mail.com\nBob,bob@acme-mail.com\n"];
    for (const [i, file] of batch.files.entries()) {
      const result = await run(inputs[i] ?? "");
      const stored = await db().batchFile.findUniqueOrThrow({ where: { id: file.id } });
      await storage().put(stored.reportKey ?? "", Readable.from([result.report]));
      await db().batchFile.update({ where: { id: file.id }, data: { summary: result.summary } });
    }
    return batch;
  }

  it("serves the batch as one list in the format asked for, 400 for an unknown one, 404 for another person", async () => {
    const { user, token } = await newApiUser();
    const batch = await twoExports(user.id);
    const merged = await downloadMerged(apiRequest(`/api/v1/batches/${batch.id}/merged/cleaned?format=excel-csv`, { token }), routeContext({ id: batch.id, kind: "cleaned" }));
    expect(merged.status).toBe(200);
    expect(merged.headers.get("content-disposition")).toBe(`attachment; filename="batch_${batch.id}-all-cleaned.csv"`);
    // Bytes, not text(): decoding as a Response would drop the byte order mark under test.
    expect(Buffer.from(await merged.arrayBuffer()).toString("utf8")).toBe(
      "\uFEFFemail,name,normalized_email,source_file\r\nann@acme-mail.com,Ann,ann@acme-mail.com,crm-a.csv\r\nbob@acme-mail.com,Bob,bob@acme-mail.com,crm-b.csv\r\n",
    );

    const unknown = await downloadMerged(apiRequest(`/api/v1/batches/${batch.id}/merged/cleaned?format=numbers`, { token }), routeContext({ id: batch.id, kind: "cleaned" }));
    expect(unknown.status).toBe(400);
    expect(await errorBody(unknown)).toMatchObject({ code: "bad_request", message: "Unknown format. Use one of: csv, excel-csv, xlsx." });

    const stranger = await newApiUser();
    const theirs = await downloadMerged(apiRequest("/x", { token: stranger.token }), routeContext({ id: batch.id, kind: "cleaned" }));
    expect(theirs.status).toBe(404);
  });
});

describe("POST /api/v1/batches/:id/retry", () => {
  it("queues the failed files again: 202 with the count; 409 while they run", async () => {
    const { user, token } = await newApiUser();
    const batch = await queuedBatch(boss, user.id, ["good.csv", "broken.csv"]);
    await settle(boss, batch, ["completed", "failed"]);
    const failed = batch.files[1]!;
    await db().$executeRaw`DELETE FROM pgboss.job WHERE data->>'fileId' = ${failed.id}`;

    const response = await retry(apiRequest(`/api/v1/batches/${batch.id}/retry`, { token, method: "POST" }), routeContext({ id: batch.id }));
    expect(response.status).toBe(202);
    expect(retryResultSchema.parse(await response.json())).toEqual({ retried: 1 });
    expect((await db().batchFile.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("queued");
    expect(await queuedWork([failed.id])).toEqual([failed.id]);

    const again = await retry(apiRequest(`/api/v1/batches/${batch.id}/retry`, { token, method: "POST" }), routeContext({ id: batch.id }));
    expect(again.status).toBe(409);
    expect((await errorBody(again)).message).toMatch(/still running/);
  });

  it("answers 409 when no file failed", async () => {
    const { user, token } = await newApiUser();
    const batch = await queuedBatch(boss, user.id);
    await settle(boss, batch, ["completed"]);
    const response = await retry(apiRequest(`/api/v1/batches/${batch.id}/retry`, { token, method: "POST" }), routeContext({ id: batch.id }));
    expect(response.status).toBe(409);
    expect((await errorBody(response)).message).toMatch(/No failed files/);
  });
});
