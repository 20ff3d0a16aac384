// The worker's handler for one file of a batch: stream it from storage through the
// verification processor into the cleaned and report CSVs, record what it found,
// and finish the batch when this was its last file.
//
// Idempotent: a file already final is left alone, and a retry overwrites the same
// result keys, so a worker killed mid-file simply processes the file again.
// Only the file's content fails it at once; storage being away (S3 down or
// throttling, a full disk) fails into retry, and past the queue's retries into
// another round later (requeue-file-after-outage.ts), never into "failed for good".
import { PassThrough } from "node:stream";
import { db } from "../db/client";
import type { JobContext } from "../queue/queue-contract";
import { storage } from "../storage/storage";
import { isContactListError } from "../verification/contact-list-error";
import { createMxLookup } from "../verification/mx-lookup";
import { processContactList } from "../verification/process-contact-list";
import { mailboxCheckSettings } from "../verification/smtp/mailbox-check-settings";
import { env } from "../env";
import { FlaggedRowCollector, saveFlaggedRows } from "../row-fixes/collect-flagged-rows";
import { keepRiskyOf, sheetChoiceOf } from "./batch-options";
import { finishBatchIfDone } from "./finish-batch-if-done";
import { recordFileFailure } from "./record-file-failure";
import { requeueFileAfterOutage } from "./requeue-file-after-outage";
import { isStorageUnavailable } from "../storage/storage-unavailable";

const PROGRESS_WRITE_INTERVAL_MS = 300;

export function resultKeys(batchId: string, fileId: string) {
  return { cleaned: `results/${batchId}/${fileId}/cleaned`, report: `results/${batchId}/${fileId}/report` };
}

function mxLookupOptions() {
  const { MX_LOOKUP, MX_LOOKUP_TIMEOUT_MS, MX_LOOKUP_CONCURRENCY, DNS_SERVERS } = env();
  if (!MX_LOOKUP) return {};
  return { checkDomain: createMxLookup({ servers: DNS_SERVERS, timeoutMs: MX_LOOKUP_TIMEOUT_MS }), domainCheckConcurrency: MX_LOOKUP_CONCURRENCY };
}

export async function processBatchFile(fileId: string, context: JobContext): Promise<void> {
  const file = await db().batchFile.findUnique({ where: { id: fileId }, include: { batch: { select: { status: true, startedAt: true, options: true } } } });
  if (!file) {
    context.log.warn({ event: "file.missing", fileId }, "file no longer exists (batch deleted?)");
    return;
  }
  if (file.status !== "queued" && file.status !== "processing") return;
  if (file.batch.status === "cancelled") return;

  const startedAt = new Date();
  await db().$transaction([
    db().batchFile.update({ where: { id: fileId }, data: { status: "processing", startedAt, attempts: { increment: 1 }, error: null, errorCode: null } }),
    db().batch.updateMany({ where: { id: file.batchId, startedAt: null }, data: { startedAt, status: "processing" } }),
  ]);

  const keys = resultKeys(file.batchId, file.id);
  const cleaned = new PassThrough();
  const report = new PassThrough();
  let lastProgressWrite = 0;
  const flagged = new FlaggedRowCollector();
  try {
    const [summary] = await Promise.all([
      processContactList(storage().get(file.storageKey), {
        cleaned,
        report,
        emailColumn: file.emailColumn ?? undefined,
        // The stored cleaned CSV follows the upload's choice; downloads derive the other.
        includeRiskyInCleaned: keepRiskyOf(file.batch.options),
        sheet: sheetChoiceOf(file.batch.options),
        // A packed list may unpack to what the file could have been uploaded as.
        maxUnpackedBytes: env().UPLOAD_MAX_FILE_BYTES,
        // Lets duplicate detection size its table for the whole file up front.
        sizeHint: Number(file.bytes),
        signal: context.signal,
        onFlaggedRow: flagged.add,
        ...mxLookupOptions(),
        // The SMTP check's time budget runs from the batch's start, for all its files.
        mailboxCheck: mailboxCheckSettings(env(), file.batch.startedAt ?? startedAt),
        onProgress: ({ rows, bytes }) => {
          const now = Date.now();
          if (now - lastProgressWrite < PROGRESS_WRITE_INTERVAL_MS) return;
          lastProgressWrite = now;
          void db()
            .batchFile.update({ where: { id: fileId }, data: { rowsProcessed: rows, bytesProcessed: BigInt(bytes) } })
            .catch((error: unknown) => context.log.warn({ event: "file.progress_write_failed", err: error }, "progress not saved"));
        },
      }),
      storage().put(keys.cleaned, cleaned, { signal: context.signal, contentType: "text/csv" }),
      storage().put(keys.report, report, { signal: context.signal, contentType: "text/csv" }),
    ]);

    const recorded = await db().$transaction(async (tx) => {
      // Only a file still processing takes the result: one cancelled meanwhile stays cancelled.
      const updated = await tx.batchFile.updateMany({
        where: { id: fileId, status: "processing" },
        data: {
          status: "completed",
          summary,
          rowsProcessed: summary.rows,
          bytesProcessed: file.bytes,
          cleanedKey: keys.cleaned,
          reportKey: keys.report,
          finishedAt: new Date(),
        },
      });
      if (updated.count > 0) {
        await saveFlaggedRows(tx, fileId, flagged.rows);
        await finishBatchIfDone(tx, file.batchId, { boss: context.boss });
      }
      return updated.count > 0;
      // Writing up to FLAGGED_ROW_LIMIT flagged rows takes up to a second, more on a busy machine: Prisma's 5 s default is too tight.
    }, { timeout: 30_000 });
    // Its batch was deleted while the file ran (a person deleting it, or their account):
    // the results just written belong to nothing, so they go too.
    if (!recorded && !(await db().batchFile.findUnique({ where: { id: fileId }, select: { id: true } }))) {
      await Promise.all([storage().delete(keys.cleaned), storage().delete(keys.report)]);
      context.log.info({ event: "file.discarded", fileId, batchId: file.batchId }, "batch deleted while processing; results discarded");
      return;
    }
    context.log.info({ event: "file.completed", fileId, batchId: file.batchId, rows: summary.rows }, "file processed");
  } catch (error) {
    cleaned.destroy();
    report.destroy();
    if (isContactListError(error)) {
      // The file itself is the problem (not text, empty, no email column): retrying cannot help.
      await recordFileFailure(fileId, error.message, context.boss, { code: error.code });
      context.log.info({ event: "file.rejected", fileId, code: error.code }, "file cannot be processed");
      return;
    }
    if (context.isLastAttempt && isStorageUnavailable(error) && (await requeueFileAfterOutage(fileId, context.boss))) {
      // Storage is away (S3 down or throttling, a full disk), not the file: this job
      // ends and a new one tries again later, rather than failing the file for good.
      context.log.warn({ event: "file.storage_unavailable", fileId, err: error }, "storage unavailable; file queued again");
      return;
    }
    if (context.isLastAttempt) {
      const reason = isStorageUnavailable(error)
        ? "File storage was unavailable for too long. Retry the file once it is back."
        : "Processing failed several times in a row. Retry the file, or contact support if it keeps failing.";
      await recordFileFailure(fileId, reason, context.boss);
    }
    throw error;
  }
}
