// The worker's handler for one file of a batch: stream it from storage through the
// verification processor into the cleaned and report CSVs, record what it found,
// and finish the batch when this was its last file.
//
// Idempotent: a file already final is left alone, and a retry overwrites the same
// result keys, so a worker killed mid-file simply processes the file again.
import { PassThrough } from "node:stream";
import { db } from "../db/client";
import type { JobContext } from "../queue/queue-contract";
import { storage } from "../storage/storage";
import { isContactListError } from "../verification/contact-list-error";
import { createMxLookup } from "../verification/mx-lookup";
import { processContactList } from "../verification/process-contact-list";
import { env } from "../env";
import type { SheetChoice } from "../verification/read-xlsx-batches";
import { sheetChoiceSchema } from "./batch-options";
import { finishBatchIfDone } from "./finish-batch-if-done";
import { recordFileFailure } from "./record-file-failure";

const PROGRESS_WRITE_INTERVAL_MS = 300;

export function resultKeys(batchId: string, fileId: string) {
  return { cleaned: `results/${batchId}/${fileId}/cleaned`, report: `results/${batchId}/${fileId}/report` };
}

function mxLookupOptions() {
  const { MX_LOOKUP, MX_LOOKUP_TIMEOUT_MS, MX_LOOKUP_CONCURRENCY, DNS_SERVERS } = env();
  if (!MX_LOOKUP) return {};
  return { checkDomain: createMxLookup({ servers: DNS_SERVERS, timeoutMs: MX_LOOKUP_TIMEOUT_MS }), domainCheckConcurrency: MX_LOOKUP_CONCURRENCY };
}

// Options were checked at upload; a batch stored before `sheet` existed has none.
function sheetChoiceOf(options: unknown): SheetChoice {
  const sheet = sheetChoiceSchema.safeParse((options as { sheet?: unknown } | null)?.sheet);
  return sheet.success ? sheet.data : undefined;
}

export async function processBatchFile(fileId: string, context: JobContext): Promise<void> {
  const file = await db().batchFile.findUnique({ where: { id: fileId }, include: { batch: { select: { status: true, options: true } } } });
  if (!file) {
    context.log.warn({ event: "file.missing", fileId }, "file no longer exists (batch deleted?)");
    return;
  }
  if (file.status !== "queued" && file.status !== "processing") return;
  if (file.batch.status === "cancelled") return;

  const startedAt = new Date();
  await db().$transaction([
    db().batchFile.update({ where: { id: fileId }, data: { status: "processing", startedAt, attempts: { increment: 1 }, error: null } }),
    db().batch.updateMany({ where: { id: file.batchId, startedAt: null }, data: { startedAt, status: "processing" } }),
  ]);

  const keys = resultKeys(file.batchId, file.id);
  const cleaned = new PassThrough();
  const report = new PassThrough();
  let lastProgressWrite = 0;
  try {
    const [summary] = await Promise.all([
      processContactList(storage().get(file.storageKey), {
        cleaned,
        report,
        emailColumn: file.emailColumn ?? undefined,
        sheet: sheetChoiceOf(file.batch.options),
        // A packed list may unpack to what the file could have been uploaded as.
        maxUnpackedBytes: env().UPLOAD_MAX_FILE_BYTES,
        // Lets duplicate detection size its table for the whole file up front.
        sizeHint: Number(file.bytes),
        signal: context.signal,
        ...mxLookupOptions(),
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
      if (updated.count > 0) await finishBatchIfDone(tx, file.batchId, { boss: context.boss });
      return updated.count > 0;
    });
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
      await recordFileFailure(fileId, error.message, context.boss);
      context.log.info({ event: "file.rejected", fileId, code: error.code }, "file cannot be processed");
      return;
    }
    if (context.isLastAttempt) {
      await recordFileFailure(
        fileId,
        "Processing failed several times in a row. Retry the file, or contact support if it keeps failing.",
        context.boss,
      );
    }
    throw error;
  }
}
