// Fixing rows and files in the app, end to end on the worker side: real PostgreSQL,
// pg-boss working the real queue handlers, local storage. A file is processed by the
// worker, its flagged rows are fixed by hand, and the corrected list is downloaded.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueHandlers } from "@/worker/queue-handlers";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { workQueues } from "../../queue/work-queues";
import { storage } from "../../storage/storage";
import { batchOptionsSchema } from "../../batches/batch-options";
import { createBatch } from "../../batches/create-batch";
import { loadFileFixes } from "../../batches/load-file-fixes";
import { rerunFileWithColumn } from "../../batches/rerun-file-with-column";
import { retryFailedFiles } from "../../batches/retry-failed-files";
import { fixFlaggedRow } from "../fix-flagged-row";
import { FLAGGED_ROW_LIMIT } from "../collect-flagged-rows";
import { FLAGGED_ROWS_PAGE_SIZE, listFlaggedRows } from "../list-flagged-rows";
import { openCorrectedList } from "../open-corrected-list";
import { openRowChanges } from "../open-row-changes";
import { renderEmail } from "../../email/render-email";
import { batchFinishedPayloadSchema, composeBatchEmail } from "../../notifications/events/batch-finished";

let worker: PgBoss;

beforeAll(async () => {
  // Its own database: queue workers of other test files must not take these files.
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  worker = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await worker.start();
  await workQueues(worker, queueHandlers);
});

afterAll(async () => {
  await worker.stop({ graceful: false });
});

async function uploadAndWait(name: string, content: string, options: Record<string, unknown> = {}) {
  const user = await db().user.create({ data: { email: `fixer-${randomUUID()}@acme-mail.com` } });
  const key = `uploads/${randomUUID()}/0`;
  await storage().put(key, Readable.from([Buffer.from(content)]));
  const file = { key, originalName: name, bytes: Buffer.byteLength(content), sha256: "0".repeat(64), contentType: "text/csv" };
  const batch = await createBatch(worker, { userId: user.id, source: "dashboard", files: [file], options: batchOptionsSchema.parse(options) });
  return { user, batch: await waitForFinalBatch(batch.id) };
}

async function waitForFinalBatch(batchId: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const batch = await db().batch.findUniqueOrThrow({ where: { id: batchId }, include: { files: { orderBy: { position: "asc" } } } });
    if (!["queued", "processing"].includes(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`batch ${batchId} did not finish`);
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error instanceof AppError ? error : Promise.reject(error)));

const contacts = [
  "name,email,city",
  "Ada,ada@acme-mail.com,Paris",
  "Kim,kim@gmial.com,Oslo",
  "Bob,bob@acme-mail,Rome",
  "Info desk,info@acme-mail.com,Bern",
  "Cy,cy@acme-mail.com,Lima",
  "",
].join("\n");

describe("fixing rows by hand", () => {
  it("lists the invalid and risky rows, fixes them three ways, and writes the corrected list with the changes recorded", async () => {
    const { user, batch } = await uploadAndWait("contacts.csv", contacts);
    const [file] = batch.files;
    expect(file?.status).toBe("completed");

    const all = await listFlaggedRows(user.id, batch.id, { page: 1 });
    expect(all.rows.map((row) => [row.line, row.address, row.verdict])).toEqual([
      [3, "kim@gmial.com", "risky"],
      [4, "bob@acme-mail", "invalid"],
      [5, "info@acme-mail.com", "risky"],
    ]);
    expect(all.reasons).toEqual(expect.arrayContaining([{ reason: "possible_typo", count: 1 }, { reason: "role_account", count: 1 }]));
    const typos = await listFlaggedRows(user.id, batch.id, { page: 1, reason: "possible_typo" });
    expect(typos.rows.map((row) => row.address)).toEqual(["kim@gmial.com"]);
    const [kim, bob, info] = all.rows;

    expect(await fixFlaggedRow(user.id, batch.id, kim!.id, { action: "accept_suggestion" })).toMatchObject({ address: "kim@gmail.com" });
    // An edit is judged by the verifier's rules: one still invalid is refused, in words.
    const refused = await errorOf(fixFlaggedRow(user.id, batch.id, bob!.id, { action: "edit", address: "bob@acme-mail.test" }));
    expect(refused?.code).toBe("validation_failed");
    expect(refused?.message).toMatch(/is still not a valid address: .*reserved/);
    await fixFlaggedRow(user.id, batch.id, bob!.id, { action: "edit", address: "bob@acme-mail.com" });
    await fixFlaggedRow(user.id, batch.id, info!.id, { action: "mark_valid" });

    // Someone else can neither see nor fix the rows.
    const stranger = await db().user.create({ data: { email: `stranger-${randomUUID()}@acme-mail.com` } });
    expect((await listFlaggedRows(stranger.id, batch.id, { page: 1 })).total).toBe(0);
    expect((await errorOf(fixFlaggedRow(stranger.id, batch.id, kim!.id, { action: "mark_valid" })))?.code).toBe("not_found");
    expect((await errorOf(openCorrectedList(stranger.id, batch.id, file!.id)))?.code).toBe("not_found");

    const corrected = await text((await openCorrectedList(user.id, batch.id, file!.id)).stream);
    expect(corrected.trimEnd().split(/\r?\n/)).toEqual([
      "name,email,city,normalized_email",
      "Ada,ada@acme-mail.com,Paris,ada@acme-mail.com",
      "Cy,cy@acme-mail.com,Lima,cy@acme-mail.com",
      "Kim,kim@gmail.com,Oslo,kim@gmail.com",
      "Bob,bob@acme-mail.com,Rome,bob@acme-mail.com",
      "Info desk,info@acme-mail.com,Bern,info@acme-mail.com",
    ]);

    const changes = (await text((await openRowChanges(user.id, batch.id)).stream)).trimEnd().split("\r\n");
    expect(changes[0]).toBe("file,line,address_in_cell,before,after,change,changed_by,changed_at");
    expect(changes.slice(1).map((line) => line.split(",").slice(0, 7).join(","))).toEqual([
      `contacts.csv,3,1,kim@gmial.com,kim@gmail.com,accepted suggestion,${user.email}`,
      `contacts.csv,4,1,bob@acme-mail,bob@acme-mail.com,edited,${user.email}`,
      `contacts.csv,5,1,info@acme-mail.com,info@acme-mail.com,marked valid,${user.email}`,
    ]);
    expect((await listFlaggedRows(user.id, batch.id, { page: 1 })).fixed).toBe(3);
  });

  it("puts a fixed risky row in the corrected list once, also when the batch keeps risky rows", async () => {
    const { user, batch } = await uploadAndWait("contacts.csv", contacts, { keep_risky: true });
    const [file] = batch.files;
    const rows = (await listFlaggedRows(user.id, batch.id, { page: 1 })).rows;
    const kim = rows.find((row) => row.address === "kim@gmial.com");
    const info = rows.find((row) => row.address === "info@acme-mail.com");
    await fixFlaggedRow(user.id, batch.id, kim!.id, { action: "accept_suggestion" });
    await fixFlaggedRow(user.id, batch.id, info!.id, { action: "mark_valid" });

    // Made from the report on download (the stored cleaned CSV has the risky rows): CRLF.
    const corrected = await text((await openCorrectedList(user.id, batch.id, file!.id)).stream);
    expect(corrected.trimEnd().split(/\r?\n/)).toEqual([
      "name,email,city,normalized_email",
      "Ada,ada@acme-mail.com,Paris,ada@acme-mail.com",
      "Cy,cy@acme-mail.com,Lima,cy@acme-mail.com",
      "Kim,kim@gmail.com,Oslo,kim@gmail.com",
      "Info desk,info@acme-mail.com,Bern,info@acme-mail.com",
    ]);
  });

  it("keeps at most FLAGGED_ROW_LIMIT rows of a file, says so, and pages through them", async () => {
    const rows = Array.from({ length: FLAGGED_ROW_LIMIT + 10 }, (_, i) => `Person ${i},person${i}@acme-mail`);
    const { user, batch } = await uploadAndWait("many.csv", ["name,email", ...rows, ""].join("\n"));
    expect(batch.files[0]?.summary).toMatchObject({ verdicts: { invalid: FLAGGED_ROW_LIMIT + 10 } });
    const second = await listFlaggedRows(user.id, batch.id, { page: 2 });
    const pageCount = Math.ceil(FLAGGED_ROW_LIMIT / FLAGGED_ROWS_PAGE_SIZE);
    expect(second).toMatchObject({ total: FLAGGED_ROW_LIMIT, page: 2, pageCount });
    expect(second.rows[0]?.address).toBe(`person${FLAGGED_ROWS_PAGE_SIZE}@acme-mail`);
    expect((await listFlaggedRows(user.id, batch.id, { page: pageCount + 5 })).page).toBe(pageCount);
    expect((await loadFileFixes(user.id, batch.id))[0]?.capped).toBe(true);
  });
});

describe("fixing a file that failed", () => {
  it("offers no retry for a file without an email column, and runs it again with the column its owner picks", async () => {
    const content = ["name,contact", "Ada,ada@acme-mail.com", "Bob,call after 5", "Cy,ask reception", ""].join("\n");
    const { user, batch } = await uploadAndWait("no-column.csv", content);
    const [file] = batch.files;
    expect(file).toMatchObject({ status: "failed", errorCode: "no_email_column" });
    expect((await errorOf(retryFailedFiles(worker, user.id, batch.id)))?.code).toBe("conflict");

    // The failure email links to the fix on the batch page.
    const event = await db().notificationEvent.findFirstOrThrow({ where: { batchId: batch.id } });
    const email = composeBatchEmail({
      batchId: batch.id,
      payload: batchFinishedPayloadSchema.parse(event.payload),
      recipient: user.email,
      category: "batch_failed",
      ownerUserId: user.id,
      timeZone: "UTC",
      decidedAt: new Date(),
      appUrl: "http://127.0.0.1:3000",
      forExtraRecipient: false,
    });
    const { html, text: plain } = await renderEmail(email.react);
    expect(html).toContain(`href="http://127.0.0.1:3000/batches/${batch.id}#fix-file-${file!.id}"`);
    expect(plain).toMatch(/Pick the email column and run it again/);

    const [fixes] = await loadFileFixes(user.id, batch.id);
    expect(fixes).toMatchObject({ canRetry: false, failedForColumn: true });
    expect(fixes?.preview).toEqual({
      columns: ["name", "contact"],
      hasHeader: true,
      rows: [
        ["Ada", "ada@acme-mail.com"],
        ["Bob", "call after 5"],
        ["Cy", "ask reception"],
      ],
    });
    expect((await errorOf(rerunFileWithColumn(worker, user.id, batch.id, file!.id, "phone")))?.code).toBe("validation_failed");

    await rerunFileWithColumn(worker, user.id, batch.id, file!.id, "contact");
    const rerun = await waitForFinalBatch(batch.id);
    expect(rerun.status).toBe("completed");
    expect(rerun.files[0]).toMatchObject({ status: "completed", emailColumn: "contact", errorCode: null });
    expect(rerun.files[0]?.summary).toMatchObject({ verdicts: { valid: 1, invalid: 2 } });
    expect((await listFlaggedRows(user.id, batch.id, { page: 1 })).total).toBe(2);
  });

  it("runs a processed file again with another column when the one found was wrong; its old fixes go with its old results", async () => {
    // The header rule takes "email" (holding broken addresses); the real ones are in "work".
    const content = ["name,email,work", "Ada,ada@acme-mail,ada@acme-mail.com", "Bob,bob@acme-mail,bob@acme-mail.com", ""].join("\n");
    const { user, batch } = await uploadAndWait("wrong-column.csv", content);
    const [file] = batch.files;
    expect(file?.summary).toMatchObject({ verdicts: { valid: 0, invalid: 2 } });
    const [row] = (await listFlaggedRows(user.id, batch.id, { page: 1 })).rows;
    await fixFlaggedRow(user.id, batch.id, row!.id, { action: "mark_valid" });

    // A processed file's preview is read only when its owner asks for it.
    expect((await loadFileFixes(user.id, batch.id))[0]).toMatchObject({ canPickColumn: true, canRetry: false, preview: null });
    expect((await loadFileFixes(user.id, batch.id, file!.id))[0]?.preview?.columns).toEqual(["name", "email", "work"]);

    await rerunFileWithColumn(worker, user.id, batch.id, file!.id, "work");
    const rerun = await waitForFinalBatch(batch.id);
    expect(rerun.files[0]?.summary).toMatchObject({ verdicts: { valid: 2, invalid: 0 } });
    expect(await listFlaggedRows(user.id, batch.id, { page: 1 })).toMatchObject({ total: 0, fixed: 0 });
    const list = await text((await openCorrectedList(user.id, batch.id, file!.id)).stream);
    expect(list.trim().split(/\r?\n/)).toEqual([
      "name,email,work,normalized_email",
      "Ada,ada@acme-mail,ada@acme-mail.com,ada@acme-mail.com",
      "Bob,bob@acme-mail,bob@acme-mail.com,bob@acme-mail.com",
    ]);
  });
});
