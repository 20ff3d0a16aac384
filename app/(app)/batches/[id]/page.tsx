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
import fileTableStyles from "./file-table.module.css";

export const metadata: Metadata = { title: "Batch" };

type Props = { params: Promise<{ id: string }> };

async function loadBatch(userId: string, id: string, notice: EmailNoticeContext) {
  try {
    return await getBatch(userId, id, notice);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function BatchPage({ params }: Props) {
  const user = await requireUser();
  const { id } = await params;
  const preferences = await loadPreferences(user.id);
  const sentToday = await countEmailsToday(user.email, preferences.timeZone);
  const batch = await loadBatch(user.id, id, { preferences, sentToday });
  const running = batch.status === "queued" || batch.status === "processing";
  const files = batch.files ?? [];

  return (
    <>
      <LiveRefresh active={running} intervalMs={1000} />
      <p>
        <Link href="/dashboard">← All batches</Link>
      </p>
      <h1>
        Batch of {batch.fileCount} {batch.fileCount === 1 ? "file" : "files"} <StatusBadge status={batch.status} />
      </h1>
      <p className="muted">
        {formatBytes(batch.totalBytes)} uploaded <DateTime value={batch.createdAt} timeZone={preferences.timeZone} />
        {batch.processingMs !== null ? ` · processed in ${formatDuration(batch.processingMs)}` : ""}
      </p>
      <p className="muted" data-testid="batch-email-notice">
        {batch.emailNotice}
      </p>
      <BatchActions batchId={batch.id} canCancel={running} canRetry={!running && files.some((file) => file.status === "failed")} />

      <BatchResults batch={batch} />
      <BatchDownloads
        batchId={batch.id}
        files={files.filter((file) => file.status === "completed" && file.downloads.report).map((file) => ({ id: file.id, name: file.name }))}
        keepRisky={batch.keepRisky}
      />

      <section aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        <ScrollRegion labelledBy="files-title">
          <table className={`${styles.table} ${cardTable.cardTable} ${fileTableStyles.table}`}>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col" className={styles.numeric}>Rows</th>
                <th scope="col">Downloads</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.id} data-testid="batch-file">
                  <td className={styles.fileName}>
                    {file.name}
                    <span className="muted"> · {formatBytes(file.bytes)}</span>
                    {file.error ? <p className={styles.error}>{file.error}</p> : null}
                    <FileReading summary={file.summary} />
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
                  <td>
                    <div className={styles.downloads}>
                      {file.downloads.cleaned ? (
                        <a className="button button-secondary" href={`/api/batches/${batch.id}/files/${file.id}/cleaned`} download>
                          Cleaned CSV
                        </a>
                      ) : null}
                      {file.downloads.report ? (
                        <a className="button button-secondary" href={`/api/batches/${batch.id}/files/${file.id}/report`} download>
                          Full report
                        </a>
                      ) : null}
                      {!file.downloads.cleaned && !file.downloads.report ? <span className="muted">—</span> : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </>
  );
}

// How the file was read (column, encoding, delimiter, rows that needed care), once it has been.
function FileReading({ summary }: { summary: unknown }) {
  const reading = describeReading(summary);
  return reading === null ? null : <p className={`muted ${styles.reading}`}>{reading}</p>;
}
