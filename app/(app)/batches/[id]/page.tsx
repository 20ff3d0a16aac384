import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/app/require-user";
import { DateTime } from "@/components/date-time";
import { formatBytes, formatCount, formatDuration } from "@/components/format";
import { LiveRefresh } from "@/components/batches/live-refresh";
import { StatusBadge } from "@/components/batches/status-badge";
import { BatchResults } from "@/components/batches/batch-results";
import { BatchDownloads } from "@/components/batches/batch-downloads";
import { FileProgress } from "@/components/batches/file-progress";
import styles from "@/components/batches/batches.module.css";
import { ScrollRegion } from "@/components/scroll-region";
import { getBatch } from "@/lib/batches/get-batch";
import { isAppError } from "@/lib/errors";
import { describeReading } from "@/lib/verification/describe-reading";
import type { EmailNoticeContext } from "@/lib/batches/batch-view";
import { countEmailsToday } from "@/lib/notifications/deliveries/count-emails-today";
import { loadPreferences } from "@/lib/notifications/preferences/preference-store";
import { BatchActions } from "./batch-actions";
import cardTable from "@/components/card-table/card-table.module.css";
import { FileCounts } from "@/components/row-fixes/file-counts";
import { type ColumnFixFile, FileColumnFixes } from "@/components/row-fixes/file-column-fix";
import { FlaggedRowsSection } from "@/components/row-fixes/flagged-rows-section";
import { loadFileFixes } from "@/lib/batches/load-file-fixes";
import { flaggedRowQuerySchema, listFlaggedRows } from "@/lib/row-fixes/list-flagged-rows";
import { fixRowAction, rerunWithColumnAction } from "./row-fix-actions";

export const metadata: Metadata = { title: "Batch" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function loadBatch(userId: string, id: string, notice: EmailNoticeContext) {
  try {
    return await getBatch(userId, id, notice);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function BatchPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const { id } = await params;
  const preferences = await loadPreferences(user.id);
  const sentToday = await countEmailsToday(user.email, preferences.timeZone);
  const batch = await loadBatch(user.id, id, { preferences, sentToday });
  const running = batch.status === "queued" || batch.status === "processing";
  const files = batch.files ?? [];
  const rowQuery = flaggedRowQuerySchema.parse(await searchParams);
  const [fixes, flaggedRows] = await Promise.all([loadFileFixes(user.id, batch.id, rowQuery.column), listFlaggedRows(user.id, batch.id, rowQuery)]);
  const fixesOf = new Map(fixes.map((fix) => [fix.fileId, fix]));

  return (
    <>
      <LiveRefresh active={running} intervalMs={1000} />
      <p>
        <Link href="/dashboard">← All batches</Link>
      </p>
      <h1>
        {/* One file: the batch is known by its name. */}
        {batch.fileCount === 1 ? batch.title : `Batch of ${batch.fileCount} files`} <StatusBadge status={batch.status} />
      </h1>
      <p className="muted">
        {formatBytes(batch.totalBytes)} uploaded <DateTime value={batch.createdAt} timeZone={preferences.timeZone} />
        {batch.processingMs !== null ? ` · processed in ${formatDuration(batch.processingMs)}` : ""}
      </p>
      <p className="muted" data-testid="batch-email-notice">
        {batch.emailNotice}
      </p>
      <BatchActions batchId={batch.id} canCancel={running} canRetry={!running && fixes.some((fix) => fix.canRetry)} />

      <BatchResults batch={batch} />
      <BatchDownloads
        batchId={batch.id}
        files={files.filter((file) => file.status === "completed" && file.downloads.report).map((file) => ({ id: file.id, name: file.name }))}
        keepRisky={batch.keepRisky}
      />

      <section aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        <ScrollRegion labelledBy="files-title">
          <table className={`${styles.table} ${cardTable.cardTable}`}>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col" className={styles.numeric}>Rows</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.id} data-testid="batch-file">
                  <td className={styles.fileName}>
                    {file.name}
                    <span className="muted"> · {formatBytes(file.bytes)}</span>
                    {file.error ? <p className={styles.error}>{file.error}</p> : null}
                    <FileCounts summary={file.summary} crossFileDuplicates={file.crossFileDuplicates} />
                    <FileReading summary={file.summary} />
                    {!running && fixesOf.get(file.id)?.failedForColumn && fixesOf.get(file.id)?.preview ? (
                      <a href={`#fix-file-${file.id}`}>Pick the email column ↓</a>
                    ) : null}
                  </td>
                  <td>
                    <StatusBadge status={file.status} />
                  </td>
                  <td>
                    <FileProgress file={file} />
                  </td>
                  <td className={styles.numeric} data-label="Rows">
                    {formatCount(file.rowsProcessed)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      {!running ? (
        <FileColumnFixes
          batchId={batch.id}
          files={files.flatMap((file): ColumnFixFile[] => {
            const fix = fixesOf.get(file.id);
            return fix?.canPickColumn ? [{ id: file.id, name: file.name, failed: fix.failedForColumn, column: fix.emailColumn, preview: fix.preview }] : [];
          })}
          rerunAction={rerunWithColumnAction}
        />
      ) : null}

      {flaggedRows.total > 0 || rowQuery.reason || rowQuery.file ? (
        <FlaggedRowsSection
          batchId={batch.id}
          files={files.map((file) => ({
            id: file.id,
            name: file.name,
            corrected: file.downloads.cleaned,
            capped: fixesOf.get(file.id)?.capped ?? false,
          }))}
          page={flaggedRows}
          query={rowQuery}
          fixAction={fixRowAction}
        />
      ) : null}
    </>
  );
}

// How the file was read (column, encoding, delimiter, rows that needed care), once it has been.
function FileReading({ summary }: { summary: unknown }) {
  const reading = describeReading(summary);
  return reading === null ? null : <p className={`muted ${styles.reading}`}>{reading}</p>;
}
