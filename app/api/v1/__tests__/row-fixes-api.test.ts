// The v1 routes for fixing rows and files, called with a Request: real Postgres,
// storage and pg-boss; files processed by the worker's own processBatchFile.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { processBatchFile } from "@/lib/batches/process-batch-file";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { stopWebBoss, webBoss } from "@/lib/queue/boss";
import { filePreviewSchema, flaggedRowPageSchema, rerunResultSchema, rowFixResultSchema } from "@/lib/row-fixes/row-fix-api";
import { storage } from "@/lib/storage/storage";
import { GET as changes } from "../batches/[id]/changes/route";
import { POST as pickColumn } from "../batches/[id]/files/[fileId]/column/route";
import { GET as corrected } from "../batches/[id]/files/[fileId]/corrected/route";
import { GET as preview } from "../batches/[id]/files/[fileId]/preview/route";
import { POST as fixRow } from "../batches/[id]/rows/[rowId]/route";
import { GET as listRows } from "../batches/[id]/rows/route";
import { apiRequest, errorBody, newApiUser, routeContext } from "./support/api-fixtures";

let boss: PgBoss;
beforeAll(async () => {
  boss = await webBoss();
});
afterAll(async () => {
  await stopWebBoss();
});

async function processedBatch(userId: string, content: string) {
  const key = `uploads/${randomUUID()}/0`;
  await storage().put(key, Readable.from([Buffer.from(content)]));
  const file = { key, originalName: "contacts.csv", bytes: Buffer.byteLength(content), sha256: "0".repeat(64), contentType: "text/csv" };
  const batch = await createBatch(boss, { userId, source: "api", files: [file], options: batchOptionsSchema.parse({}) });
  const fileId = batch.files?.[0]?.id ?? "";
  await work(fileId);
  return { batchId: batch.id, fileId };
}

async function work(fileId: string) {
  await processBatchFile(fileId, { jobId: randomUUID(), signal: new AbortController().signal, retryCount: 0, isLastAttempt: true, log, boss });
}

const json = (body: unknown) => ({ method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

describe("fixing rows through the API", () => {
  it("lists rows by reason, refuses an edit that is still invalid with 422, and serves the corrected list and the changes", async () => {
    const { user, token } = await newApiUser();
    const { batchId, fileId } = await processedBatch(user.id, "name,email\nAda,ada@acme-mail.com\nKim,kim@gmial.com\nBob,bob@acme-mail\n");

    const page = flaggedRowPageSchema.parse(await (await listRows(apiRequest(`/api/v1/batches/${batchId}/rows?reason=possible_typo`, { token }), routeContext({ id: batchId }))).json());
    expect(page.rows.map((row) => row.address)).toEqual(["kim@gmial.com"]);
    const all = flaggedRowPageSchema.parse(await (await listRows(apiRequest(`/api/v1/batches/${batchId}/rows`, { token }), routeContext({ id: batchId }))).json());
    const bob = all.rows.find((row) => row.address === "bob@acme-mail");

    const path = `/api/v1/batches/${batchId}/rows/${bob?.id}`;
    const refused = await fixRow(apiRequest(path, { token, ...json({ action: "edit", address: "bob@acme-mail" }) }), routeContext({ id: batchId, rowId: bob?.id ?? "" }));
    expect(refused.status).toBe(422);
    expect((await errorBody(refused)).message).toMatch(/still not a valid address/);
    const notJson = await fixRow(apiRequest(path, { token, method: "POST", body: "edit please" }), routeContext({ id: batchId, rowId: bob?.id ?? "" }));
    expect(notJson.status).toBe(400);
    const fixed = await fixRow(apiRequest(path, { token, ...json({ action: "edit", address: "bob@acme-mail.com" }) }), routeContext({ id: batchId, rowId: bob?.id ?? "" }));
    expect(rowFixResultSchema.parse(await fixed.json())).toEqual({ address: "bob@acme-mail.com", warning: null });

    const list = await corrected(apiRequest(`/api/v1/batches/${batchId}/files/${fileId}/corrected`, { token }), routeContext({ id: batchId, fileId }));
    expect((await list.text()).trim().split(/\r?\n/)).toEqual(["name,email,normalized_email", "Ada,ada@acme-mail.com,ada@acme-mail.com", "Bob,bob@acme-mail.com,bob@acme-mail.com"]);
    const workbook = await corrected(apiRequest(`/api/v1/batches/${batchId}/files/${fileId}/corrected?format=xlsx`, { token }), routeContext({ id: batchId, fileId }));
    expect(workbook.status).toBe(200);
    expect(workbook.headers.get("content-type")).toMatch(/spreadsheetml/);
    expect(workbook.headers.get("content-disposition")).toContain('filename="contacts-corrected.xlsx"');
    expect(Buffer.from(await workbook.arrayBuffer()).subarray(0, 2).toString("latin1")).toBe("PK");
    const unknown = await corrected(apiRequest(`/api/v1/batches/${batchId}/files/${fileId}/corrected?format=pdf`, { token }), routeContext({ id: batchId, fileId }));
    expect(unknown.status).toBe(400);
    expect(await errorBody(unknown)).toMatchObject({ code: "bad_request", message: expect.stringMatching(/Unknown format/) });
    const log = await changes(apiRequest(`/api/v1/batches/${batchId}/changes`, { token }), routeContext({ id: batchId }));
    expect(await log.text()).toContain("contacts.csv,4,1,bob@acme-mail,bob@acme-mail.com,edited");

    const stranger = await newApiUser();
    const hidden = await listRows(apiRequest(`/api/v1/batches/${batchId}/rows`, { token: stranger.token }), routeContext({ id: batchId }));
    expect(hidden.status).toBe(404);
  });

  it("previews a file without an email column and runs it again with the column named", async () => {
    const { user, token } = await newApiUser();
    const { batchId, fileId } = await processedBatch(user.id, "name,contact\nAda,ada@acme-mail.com\nBob,call after 5\nCy,ask reception\n");
    expect(await db().batchFile.findUniqueOrThrow({ where: { id: fileId } })).toMatchObject({ status: "failed", errorCode: "no_email_column" });

    const shown = filePreviewSchema.parse(await (await preview(apiRequest(`/api/v1/batches/${batchId}/files/${fileId}/preview`, { token }), routeContext({ id: batchId, fileId }))).json());
    expect(shown.columns).toEqual(["name", "contact"]);
    const response = await pickColumn(apiRequest(`/api/v1/batches/${batchId}/files/${fileId}/column`, { token, ...json({ column: "contact" }) }), routeContext({ id: batchId, fileId }));
    expect(response.status).toBe(202);
    expect(rerunResultSchema.parse(await response.json())).toEqual({ fileId, column: "contact", status: "queued" });
    await work(fileId);
    expect(await db().batchFile.findUniqueOrThrow({ where: { id: fileId } })).toMatchObject({ status: "completed", emailColumn: "contact" });
  });
});
