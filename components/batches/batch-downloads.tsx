"use client";
// The batch page's one place to download: pick a format and whether the cleaned list
// keeps risky rows, then download the whole batch as one list or each file's lists.
// The files table above says how each file went and offers no links of its own, so a
// person reads one list of downloads, not two. The choice only changes the links:
// every format is made from the stored results on download, so nothing is uploaded or
// processed again.
import { useId, useState } from "react";
import styles from "./batch-downloads.module.css";

type Format = "csv" | "excel-csv" | "xlsx";

const FORMATS: readonly { value: Format; label: string; hint: string }[] = [
  { value: "xlsx", label: "Excel (.xlsx)", hint: "opens in Excel, Numbers or LibreOffice; every cell text" },
  { value: "excel-csv", label: "CSV for Excel", hint: "UTF-8 with a byte order mark, so accents show right" },
  { value: "csv", label: "Plain CSV", hint: "UTF-8, in the upload's delimiter" },
];

export type DownloadableFile = { readonly id: string; readonly name: string };

type Props = {
  readonly batchId: string;
  /** Completed files, in upload order. */
  readonly files: readonly DownloadableFile[];
  /** The upload's choice, the starting point of the checkbox. */
  readonly keepRisky: boolean;
};

export function BatchDownloads({ batchId, files, keepRisky: initialKeepRisky }: Props) {
  const id = useId();
  const [format, setFormat] = useState<Format>("xlsx");
  const [keepRisky, setKeepRisky] = useState(initialKeepRisky);
  if (files.length === 0) return null;
  const query = (kind: "cleaned" | "report") => `?format=${format}${kind === "cleaned" ? `&risky=${keepRisky ? "include" : "exclude"}` : ""}`;
  const base = `/api/batches/${encodeURIComponent(batchId)}`;
  const fileHref = (fileId: string, kind: "cleaned" | "report") => `${base}/files/${encodeURIComponent(fileId)}/${kind}${query(kind)}`;
  const mergedHref = (kind: "cleaned" | "report") => `${base}/merged/${kind}${query(kind)}`;

  return (
    <section aria-labelledby={`${id}-title`} data-testid="batch-downloads">
      <h2 id={`${id}-title`}>Downloads</h2>
      <div className={styles.choices}>
        <fieldset className={styles.formats}>
          <legend className="label">Format</legend>
          {FORMATS.map((choice) => (
            <label key={choice.value} className={styles.choice}>
              <input type="radio" name={`${id}-format`} value={choice.value} checked={format === choice.value} onChange={() => setFormat(choice.value)} />
              <span>
                {choice.label} <span className="muted">— {choice.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className={styles.choice}>
          <input type="checkbox" checked={keepRisky} onChange={(event) => setKeepRisky(event.target.checked)} />
          <span>
            Keep risky rows in the cleaned list <span className="muted">(role, disposable, possible typo)</span>
          </span>
        </label>
      </div>
      <p className={`muted ${styles.legend}`}>
        <strong>Cleaned list</strong>: the rows to mail, with a <code>normalized_email</code> column. <strong>Report</strong>: every row with its
        verdict, reason and suggestion.
      </p>
      <ul className={styles.list}>
        {files.length > 1 ? (
          <li className={styles.item}>
            <span className={styles.name}>
              <strong>All {files.length} files as one list</strong>
              <span className={`muted ${styles.detail}`}>each address once, in upload order, with the file it came from</span>
            </span>
            <span className={styles.links}>
              {/* The same two words on every row, so the buttons line up; the name says which row. */}
              <a className="button" href={mergedHref("cleaned")} download aria-label="Merged cleaned list">
                Cleaned list
              </a>
              <a className="button button-secondary" href={mergedHref("report")} download aria-label="Merged report">
                Report
              </a>
            </span>
          </li>
        ) : null}
        {files.map((file) => (
          <li key={file.id} className={styles.item}>
            <span className={styles.name}>{file.name}</span>
            <span className={styles.links}>
              <a className="button button-secondary" href={fileHref(file.id, "cleaned")} download aria-label={`Cleaned list of ${file.name}`}>
                Cleaned list
              </a>
              <a className="button button-secondary" href={fileHref(file.id, "report")} download aria-label={`Report of ${file.name}`}>
                Report
              </a>
            </span>
          </li>
        ))}
      </ul>
      {files.length > 1 ? (
        <p className="muted">
          An address already in an earlier file of this batch is a duplicate in the later file&rsquo;s lists too, with the file and line where it first
          appeared.
        </p>
      ) : null}
    </section>
  );
}
