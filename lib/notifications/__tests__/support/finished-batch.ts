// Test fixtures: a user, and a batch finished the way the worker finishes one, with
// its `batch.finished` event in the outbox and the notify file queued.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { batchOptionsSchema, type BatchOptionsInput } from "../../../batches/batch-options";
import { createBatch } from "../../../batches/create-batch";
import { finishBatchIfDone } from "../../../batches/finish-batch-if-done";
import { db } from "../../../db/client";
import { answerConsentRequest } from "../../../recipient-consent/answer-consent-request";

export const fileSummary = { rows: 10_000, verdicts: { valid: 9_812, invalid: 188 }, reasons: { syntax: 188 } };

export async function newUser(prefix = "owner") {
  return db().user.create({ data: { email: `${prefix}-${randomUUID()}@Example.com` } });
}

export async function finishedBatch(boss: PgBoss, userId: string, outcomes: ("completed" | "failed")[], options: BatchOptionsInput = {}) {
  const batch = await createBatch(boss, {
    userId,
    source: "api",
    files: outcomes.map((_, i) => ({
      key: `uploads/${randomUUID()}`,
      originalName: `list-${i}.csv`,
      bytes: 10,
      sha256: "0".repeat(64),
      contentType: "text/csv",
    })),
    options: batchOptionsSchema.parse(options),
  });
  await db().$transaction(async (tx) => {
    for (const [i, file] of batch.files.entries()) {
      const completed = outcomes[i] === "completed";
      await tx.batchFile.update({
        where: { id: file.id },
        data: completed ? { status: "completed", summary: fileSummary } : { status: "failed", error: "The file is not text." },
      });
    }
    await finishBatchIfDone(tx, batch.id, { boss });
  });
  const event = await db().notificationEvent.findFirstOrThrow({ where: { batchId: batch.id } });
  return { batchId: batch.id, eventId: event.id };
}

/**
 * The extra recipient accepts the consent request their first upload sent them, as
 * on the page at /r/<token>: from then on they get this owner's batch emails.
 */
export async function recipientAccepts(ownerUserId: string, email: string) {
  if ((await answerConsentRequest({ ownerUserId, email }, "accept")) !== "accepted") throw new Error(`no consent request from ${ownerUserId} to ${email}`);
}
