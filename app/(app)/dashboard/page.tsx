import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/app/require-user";
import { DateTime } from "@/components/date-time";
import { formatBytes, formatCount } from "@/components/format";
import { LiveRefresh } from "@/components/batches/live-refresh";
import { StatusBadge } from "@/components/batches/status-badge";
import tableStyles from "@/components/batches/batches.module.css";
import { ScrollRegion } from "@/components/scroll-region";
import { UploadDropZone } from "@/components/upload/upload-drop-zone";
import { listBatches, parseDashboardBatchesQuery, type ListBatchesQuery } from "@/lib/batches/list-batches";
import { loadPreferences } from "@/lib/notifications/preferences/preference-store";
import { uploadLimits } from "@/lib/uploads/upload-limits";
import cardTable from "@/components/card-table/card-table.module.css";
import batchListStyles from "./batch-list.module.css";
import styles from "./dashboard.module.css";

export const metadata: Metadata = { title: "Dashboard" };

const FILTERS = [
  { status: undefined, label: "All" },
  { status: "processing", label: "Processing" },
  { status: "completed", label: "Completed" },
  { status: "partial", label: "Partly failed" },
  { status: "failed", label: "Failed" },
] as const;

// Batches per dashboard page: what fits a screen or two, and a page is one index range scan however deep it is.
const PAGE_SIZE = 20;

function dashboardHref(status: ListBatchesQuery["status"], cursor?: string | null): string {
  const params = new URLSearchParams({ ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
  return params.size > 0 ? `/dashboard?${params}` : "/dashboard";
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: Props) {
  const user = await requireUser();
  // A cursor or status someone edited into the address shows the first page, not an error.
  const query = parseDashboardBatchesQuery(await searchParams, PAGE_SIZE);
  const [page, preferences] = await Promise.all([listBatches(user.id, query), loadPreferences(user.id)]);
  const { maxFileBytes, maxFiles, maxBatchBytes } = uploadLimits();
  const running = page.items.some((batch) => batch.status === "queued" || batch.status === "processing");
  const total = Object.values(page.counts).reduce((sum, count) => sum + count, 0);

  return (
    <>
      <div className={styles.heading}>
        <h1>Dashboard</h1>
        <p className="muted">Upload contact lists; Tidings verifies and cleans them in the background while you do something else.</p>
      </div>
      <UploadDropZone limits={{ maxFileBytes, maxFiles, maxBatchBytes }} defaultNotifyOn={preferences.uploadDefaults.notifyOn} />
      <LiveRefresh active={running} />

      {total === 0 ? (
        <section className={`card ${styles.empty}`} aria-labelledby="empty-title">
          <h2 id="empty-title">No batches yet</h2>
          <ol className={styles.steps}>
            <li>
              <strong>Upload</strong> one or more CSV files above. Each upload becomes a batch, processed while you do
              something else.
            </li>
            <li>
              <strong>Follow along</strong> here: rows processed, status and errors, per file.
            </li>
            <li>
              <strong>Download</strong> the cleaned list (valid rows only) and a full report with a verdict and
              reason for every row.
            </li>
          </ol>
        </section>
      ) : (
        <section aria-labelledby="batches-title">
          <h2 id="batches-title">Batches</h2>
          <nav aria-label="Filter batches by status" className={tableStyles.filters}>
            {FILTERS.map(({ status, label }) => (
              <Link
                key={label}
                href={dashboardHref(status)}
                className={tableStyles.filter}
                aria-current={query.status === status ? "page" : undefined}
              >
                {label} ({status ? page.counts[status] : total})
              </Link>
            ))}
          </nav>
          {page.items.length === 0 ? (
            <p className="muted">No batches with this status.</p>
          ) : (
            <ScrollRegion labelledBy="batches-title">
              <table className={`${tableStyles.table} ${cardTable.cardTable} ${batchListStyles.table}`}>
                <thead>
                  <tr>
                    <th scope="col">Files</th>
                    <th scope="col">Uploaded</th>
                    <th scope="col">Status</th>
                    <th scope="col" className={tableStyles.numeric}>Size</th>
                    <th scope="col" className={tableStyles.numeric}>Valid rows</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((batch) => (
                    <tr key={batch.id}>
                      <td className={tableStyles.fileName}>
                        <Link href={`/batches/${batch.id}`}>{batch.title}</Link>
                      </td>
                      <td>
                        <DateTime value={batch.createdAt} timeZone={preferences.timeZone} />
                      </td>
                      <td>
                        <StatusBadge status={batch.status} />
                      </td>
                      <td className={tableStyles.numeric} data-label="Size">
                        {formatBytes(batch.totalBytes)}
                      </td>
                      <td className={tableStyles.numeric} data-label="Valid rows">
                        {batch.stats ? formatCount(batch.stats.verdicts.valid ?? 0) : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {page.prevCursor || page.nextCursor ? (
            <nav aria-label="Batch list pages" className={styles.more}>
              {page.prevCursor ? (
                <>
                  <Link className="button button-secondary" href={dashboardHref(query.status)}>
                    Newest
                  </Link>{" "}
                  <Link className="button button-secondary" href={dashboardHref(query.status, page.prevCursor)}>
                    Newer batches
                  </Link>{" "}
                </>
              ) : null}
              {page.nextCursor ? (
                <Link className="button button-secondary" href={dashboardHref(query.status, page.nextCursor)}>
                  Older batches
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}
