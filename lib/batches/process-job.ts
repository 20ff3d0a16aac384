// The worker's handler for one file of a batch: stream it from storage through the
// verification processor into the cleaned and report CSVs, record what it found,
// and finish the batch when this was its last file.
//
// Idempotent: a job already final is left alone, and a retry overwrites the same
// result keys, so a worker killed mid-file simply processes the file again.
import { PassThrough } from "node:stream";
import { db } from "../db/client";
import type { JobContext } from "../queue/queue-contract";
import { storage } from "../storage/storage";
import { isContactListError } from "../verification/contact-list-error";
import { createMxLookup } from "../verification/mx-lookup";
import { processContactList } from "../verification/process-contact-list";
import { env } from "../env";
import { finishBatchIfDone } from "./finish-batch-if-done";
import { recordJobFailure } from "./record-job-failure";

const PROGRESS_WRITE_INTERVAL_MS = 300;

export function resultKeys(batchId: string, jobId: string) {
  return { cleaned: `results/${batchId}/${jobId}/cleaned`, report: `results/${batchId}/${jobId}/report` };
}

function mxLookupOptions() {
  const { MX_LOOKUP, MX_LOOKUP_TIMEOUT_MS, MX_LOOKUP_CONCURRENCY, DNS_SERVERS } = env();
  if (!MX_LOOKUP) return {};
  return { checkDomain: createMxLookup({ servers: DNS_SERVERS, timeoutMs: MX_LOOKUP_TIMEOUT_MS }), domainCheckConcurrency: MX_LOOKUP_CONCURRENCY };
}

export async function processJob(jobId: string, context: JobContext): Promise<void> {
  const job = await db().job.findUnique({ where: { id: jobId }, include: { batch: { select: { status: true } } } });
  if (!job) {
    context.log.warn({ event: "job.missing", jobId }, "job no longer exists (batch deleted?)");
    return;
  }
  if (job.status !== "queued" && job.status !== "processing") return;
  if (job.batch.status === "cancelled") return;

  const startedAt = new Date();
  await db().$transaction([
    db().job.update({ where: { id: jobId }, data: { status: "processing", startedAt, attempts: { increment: 1 }, error: null } }),
    db().batch.updateMany({ where: { id: job.batchId, startedAt: null }, data: { startedAt, status: "processing" } }),
  ]);

  const keys = resultKeys(job.batchId, job.id);
  const cleaned = new PassThrough();
  const report = new PassThrough();
  let lastProgressWrite = 0;
  try {
    const [summary] = await Promise.all([
      processContactList(storage().get(job.storageKey), {
        cleaned,
        report,
        emailColumn: job.emailColumn ?? undefined,
        // Lets duplicate detection size its table for the whole file up front.
        sizeHint: Number(job.bytes),
        signal: context.signal,
        ...mxLookupOptions(),
        onProgress: ({ rows, bytes }) => {
          const now = Date.now();
          if (now - lastProgressWrite < PROGRESS_WRITE_INTERVAL_MS) return;
          lastProgressWrite = now;
          void db()
            .job.update({ where: { id: jobId }, data: { rowsProcessed: rows, bytesProcessed: BigInt(bytes) } })
            .catch((error: unknown) => context.log.warn({ event: "job.progress_write_failed", err: error }, "progress not saved"));
        },
      }),
      storage().put(keys.cleaned, cleaned, { signal: context.signal, contentType: "text/csv" }),
      storage().put(keys.report, report, { signal: context.signal, contentType: "text/csv" }),
    ]);

    const recorded = await db().$transaction(async (tx) => {
      // Only a job still processing takes the result: one cancelled meanwhile stays cancelled.
      const updated = await tx.job.updateMany({
        where: { id: jobId, status: "processing" },
        data: {
          status: "completed",
          summary,
          rowsProcessed: summary.rows,
          bytesProcessed: job.bytes,
          cleanedKey: keys.cleaned,
          reportKey: keys.report,
          finishedAt: new Date(),
        },
      });
      if (updated.count > 0) await finishBatchIfDone(tx, job.batchId, { boss: context.boss });
      return updated.count > 0;
    });
    // Its batch was deleted while the file ran (a person deleting it, or their account):
    // the results just written belong to nothing, so they go too.
    if (!recorded && !(await db().job.findUnique({ where: { id: jobId }, select: { id: true } }))) {
      await Promise.all([storage().delete(keys.cleaned), storage().delete(keys.report)]);
      context.log.info({ event: "job.discarded", jobId, batchId: job.batchId }, "batch deleted while processing; results discarded");
      return;
    }
    context.log.info({ event: "job.completed", jobId, batchId: job.batchId, rows: summary.rows }, "file processed");
  } catch (error) {
    cleaned.destroy();
    report.destroy();
    if (isContactListError(error)) {
      // The file itself is the problem (not text, empty, no email column): retrying cannot help.
      await recordJobFailure(jobId, error.message, context.boss);
      context.log.info({ event: "job.rejected_file", jobId, code: error.code }, "file cannot be processed");
      return;
    }
    if (context.isLastAttempt) {
      await recordJobFailure(
        jobId,
        "Processing failed several times in a row. Retry the file, or contact support if it keeps failing.",
        context.boss,
      );
    }
    throw error;
  }
}
