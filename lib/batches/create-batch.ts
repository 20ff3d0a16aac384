// One upload of N files becomes one Batch of N BatchFiles, and N pg-boss jobs to process
// them, in ONE transaction: a crash can never leave a batch without jobs to run,
// or queued work for a batch that does not exist. An extra recipient named for the
// first time is asked to accept in the same transaction (or the upload is refused
// over a daily cap, and nothing is stored).
import { fromPrisma, type PgBoss } from "pg-boss";
import { db } from "../db/client";
import { env } from "../env";
import { log } from "../log";
import { enqueue } from "../queue/enqueue";
import { requestRecipientConsent } from "../recipient-consent/request-recipient-consent";
import type { BatchOptions } from "./batch-options";

export type StoredUpload = {
  key: string;
  originalName: string;
  bytes: number;
  sha256: string;
  contentType: string | null;
};

export type CreateBatchInput = {
  userId: string;
  source: "dashboard" | "api";
  files: StoredUpload[];
  options: BatchOptions;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createBatch(boss: PgBoss, input: CreateBatchInput) {
  const { userId, source, files, options } = input;
  const batch = await db().$transaction(async (tx) => {
    const extraRecipient = options.context.email;
    if (extraRecipient) await requestRecipientConsent(tx, boss, { ownerUserId: userId, email: extraRecipient });
    const created = await tx.batch.create({
      data: {
        userId,
        source,
        options,
        fileCount: files.length,
        totalBytes: files.reduce((sum, file) => sum + BigInt(file.bytes), 0n),
        expiresAt: new Date(Date.now() + env().RESULTS_RETENTION_DAYS * DAY_MS),
        files: {
          create: files.map((file, position) => ({
            position,
            originalName: file.originalName,
            storageKey: file.key,
            bytes: BigInt(file.bytes),
            sha256: file.sha256,
            contentType: file.contentType,
            emailColumn: options.email_column ?? null,
          })),
        },
      },
      include: { files: { orderBy: { position: "asc" } } },
    });
    const queue = fromPrisma(tx);
    for (const file of created.files) {
      const queueJobId = await enqueue(boss, "batch.process-file", { fileId: file.id }, { db: queue });
      await tx.batchFile.update({ where: { id: file.id }, data: { queueJobId } });
    }
    return created;
  });
  log.info({ event: "batch.created", batchId: batch.id, userId, files: files.length, source }, "batch created");
  return batch;
}
