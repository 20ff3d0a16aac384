// Batches in given states, made with the real services, for the v1 route tests.
import { Readable } from "node:stream";
import type { PgBoss } from "pg-boss";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { finishBatchIfDone } from "@/lib/batches/finish-batch-if-done";
import { resultKeys } from "@/lib/batches/process-batch-file";
import { db } from "@/lib/db/client";
import { storage } from "@/lib/storage/storage";
import type { VerificationSummary } from "@/lib/verification/verification-summary";

export async function queuedBatch(boss: PgBoss, userId: string, names = ["contacts.csv"]) {
  return createBatch(boss, {
    userId,
    source: "api",
    options: batchOptionsSchema.parse({}),
    files: names.map((name, i) => ({ key: `uploads/test-${userId}-${Date.now()}-${i}`, originalName: name, bytes: 20, sha256: "0".repeat(64), contentType: "text/csv" })),
  });
}

export const summary: VerificationSummary = {
  rows: 2,
  blankRows: 0,
  verdicts: { valid: 1, risky: 0, invalid: 1, duplicate: 0 },
  reasons: { missing_at: 1 },
  freeMail: 0,
  rowIssues: {},
  topDomains: [{ domain: "example.com", count: 1 }],
  topDomainsApproximate: false,
  column: { index: 0, name: "email", detectedBy: "header" },
  hasHeader: true,
  encoding: "utf-8",
  bom: false,
  delimiter: ",",
  bytes: 20,
};

export const CLEANED_CSV = "email,normalized_email\nann@example.com,ann@example.com\n";

/** Marks each file completed (with stored results) or failed, as the worker would, and finishes the batch. */
export async function settle(boss: PgBoss, batch: Awaited<ReturnType<typeof queuedBatch>>, outcomes: ("completed" | "failed")[]) {
  const startedAt = new Date(Date.now() - 1500);
  await db().batch.update({ where: { id: batch.id }, data: { status: "processing", startedAt } });
  for (const [i, file] of batch.files.entries()) {
    const completed = outcomes[i] === "completed";
    const { cleaned: cleanedKey, report: reportKey } = resultKeys(batch.id, file.id);
    if (completed) {
      await storage().put(cleanedKey, Readable.from([CLEANED_CSV]));
      await storage().put(reportKey, Readable.from(["email,verdict\nann@example.com,valid\nbad,invalid\n"]));
    }
    await db().batchFile.update({
      where: { id: file.id },
      data: completed
        ? { status: "completed", summary, rowsProcessed: 2, cleanedKey, reportKey, startedAt, finishedAt: new Date() }
        : { status: "failed", error: "The file is not text.", startedAt, finishedAt: new Date() },
    });
  }
  await db().$transaction((tx) => finishBatchIfDone(tx, batch.id, { boss }));
}
