// The batch page's "Rows to fix": the invalid and risky rows of its files, filterable by
// file and reason, a page at a time, each with its fixes; then the corrected lists.
import Link from "next/link";
import type { ActionState } from "@/app/action-state";
import { formatCount } from "@/components/format";
import cardTable from "@/components/card-table/card-table.module.css";
import batchStyles from "@/components/batches/batches.module.css";
import type { FlaggedRowPage, FlaggedRowQuery, FlaggedRowView } from "@/lib/row-fixes/list-flagged-rows";
import { RowFixControls } from "./row-fix-controls";
import styles from "./row-fixes.module.css";

type Props = {
  batchId: string;
  files: { id: string; name: string; corrected: boolean; capped: boolean }[];
  page: FlaggedRowPage;
  query: FlaggedRowQuery;
  fixAction: (state: ActionState, formData: FormData) => Promise<ActionState>;
};

// The formats of the other downloads (components/batches/batch-downloads.tsx), made on download.
const CORRECTED_FORMATS = [
  { value: "xlsx", label: "Excel (.xlsx)" },
  { value: "excel-csv", label: "CSV for Excel" },
  { value: "csv", label: "CSV" },
] as const;

const fixedWords: Record<string, string> = { suggestion: "suggestion accepted", edit: "edited", marked_valid: "marked valid" };

export function FlaggedRowsSection({ batchId, files, page, query, fixAction }: Props) {
  const base = `/batches/${batchId}`;
  const href = (changes: Partial<FlaggedRowQuery>) => {
    const next = { ...query, ...changes };
    const params = new URLSearchParams();
    if (next.file) params.set("file", next.file);
    if (next.reason) params.set("reason", next.reason);
    if (next.page > 1) params.set("page", String(next.page));
    const search = params.toString();
    return `${base}${search ? `?${search}` : ""}#rows-to-fix`;
  };
  const showFileColumn = files.length > 1;
  return (
    <section aria-labelledby="rows-to-fix" data-testid="rows-to-fix" className={styles.section}>
      <h2 id="rows-to-fix">Rows to fix</h2>
      <p className="muted">
        Invalid and risky rows. Accept a suggested address, type the right one, or mark the address as valid: fixed rows are added to the
        corrected list, next to the rows that were already valid.
      </p>
      {files.some((file) => file.capped) ? (
        <p className="muted">Only the first rows of very large files are listed here; the full report has every row.</p>
      ) : null}
      <form method="get" action={`${base}#rows-to-fix`} className={styles.filter}>
        {showFileColumn ? (
          <label>
            File{" "}
            <select className="input" name="file" defaultValue={query.file ?? ""}>
              <option value="">All files</option>
              {files.map((file) => (
                <option key={file.id} value={file.id}>
                  {file.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          Reason{" "}
          <select className="input" name="reason" defaultValue={query.reason ?? ""}>
            <option value="">All reasons</option>
            {page.reasons.map(({ reason, count }) => (
              <option key={reason} value={reason}>
                {reason.replaceAll("_", " ")} ({formatCount(count)})
              </option>
            ))}
          </select>
        </label>
        <button className="button button-secondary" type="submit">
          Filter
        </button>
      </form>
      {page.rows.length === 0 ? (
        <p className="muted">No rows to fix{query.reason ? " for this reason" : ""}.</p>
      ) : (
        <table className={`${batchStyles.table} ${cardTable.cardTable} ${styles.table}`}>
          <thead>
            <tr>
              <th scope="col">Address</th>
              {showFileColumn ? <th scope="col">File</th> : null}
              <th scope="col">Line</th>
              <th scope="col">Why</th>
              <th scope="col">Fix</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <FlaggedRow key={row.id} row={row} batchId={batchId} showFile={showFileColumn} fixAction={fixAction} />
            ))}
          </tbody>
        </table>
      )}
      {page.pageCount > 1 ? (
        <nav aria-label="Pages of rows to fix" className={styles.pages}>
          {page.page > 1 ? <Link href={href({ page: page.page - 1 })}>← Previous</Link> : null}
          <span className="muted">
            Page {page.page} of {page.pageCount} · {formatCount(page.total)} rows
          </span>
          {page.page < page.pageCount ? <Link href={href({ page: page.page + 1 })}>Next →</Link> : null}
        </nav>
      ) : null}
      <div className={batchStyles.downloads}>
        {files
          .filter((file) => file.corrected)
          .map((file) => {
            const name = `Corrected list${showFileColumn ? ` · ${file.name}` : ""}`;
            const url = `/api/batches/${encodeURIComponent(batchId)}/files/${encodeURIComponent(file.id)}/corrected`;
            return (
              <span key={file.id} className={styles.corrected} role="group" aria-label={name}>
                <span className={styles.correctedName}>{name}:</span>
                {CORRECTED_FORMATS.map((format) => (
                  <a key={format.value} className="button button-secondary" href={`${url}?format=${format.value}`} download>
                    {format.label}
                    {/* Spoken after the visible words, so a voice command saying them still finds the link. */}
                    <span className="visually-hidden">, {name}</span>
                  </a>
                ))}
              </span>
            );
          })}
        {page.fixed > 0 ? (
          <a className="button button-secondary" href={`/api/batches/${batchId}/changes`} download>
            Changes made by hand ({formatCount(page.fixed)})
          </a>
        ) : null}
      </div>
    </section>
  );
}

function FlaggedRow({ row, batchId, showFile, fixAction }: { row: FlaggedRowView; batchId: string; showFile: boolean; fixAction: Props["fixAction"] }) {
  return (
    <tr data-testid="flagged-row">
      <td className={styles.address}>
        {row.fixedAddress !== null ? (
          <>
            <del>{row.address}</del> → <strong>{row.fixedAddress}</strong>{" "}
            <span className={`${batchStyles.badge} ${batchStyles.completed}`}>{fixedWords[row.fixedHow ?? ""] ?? "fixed"}</span>
          </>
        ) : (
          <>
            {row.address === "" ? <span className="muted">(empty)</span> : row.address}{" "}
            <span className={`${batchStyles.badge} ${row.verdict === "invalid" ? batchStyles.failed : ""}`}>{row.verdict}</span>
          </>
        )}
      </td>
      {showFile ? (
        <td data-label="File:" className={styles.file}>
          {row.fileName}
        </td>
      ) : null}
      <td data-label="Line" className={batchStyles.numeric}>
        {row.line}
        {row.part > 1 ? ` (${row.part})` : ""}
      </td>
      <td className={styles.why}>{row.detail}</td>
      <td className={styles.fix}>
        <RowFixControls batchId={batchId} rowId={row.id} address={row.fixedAddress ?? row.address} fixed={row.fixedAddress !== null} suggestion={row.suggestion} fixAction={fixAction} />
      </td>
    </tr>
  );
}
