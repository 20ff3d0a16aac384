// Files to fix by choosing their email column: the first rows of each as a preview, and
// the column picker. Open for a file where no column was found; behind "Wrong column?"
// for a processed one. A section of its own, after the files table: a table inside that
// table's phone cards would be laid out as cards too.
import type { ActionState } from "@/app/action-state";
import { ScrollRegion } from "@/components/scroll-region";
import batchStyles from "@/components/batches/batches.module.css";
import type { FilePreview } from "@/lib/batches/preview-file-rows";
import { PickColumnForm } from "./pick-column-form";
import styles from "./row-fixes.module.css";

/** `preview` is null for a processed file until its owner asks to change the column. */
export type ColumnFixFile = { id: string; name: string; failed: boolean; column: string | null; preview: FilePreview | null };

type Previewed = ColumnFixFile & { preview: FilePreview };

type Props = {
  batchId: string;
  files: readonly ColumnFixFile[];
  rerunAction: (state: ActionState, formData: FormData) => Promise<ActionState>;
};

export function FileColumnFixes({ batchId, files, rerunAction }: Props) {
  const previewed = files.filter((file): file is Previewed => file.preview !== null);
  const failed = previewed.filter((file) => file.failed);
  const others = files.filter((file) => !file.failed && file.preview === null);
  const pickAnother =
    others.length > 0 ? (
      <p className={`muted ${styles.wrongColumn}`}>
        Addresses read from the wrong column?{" "}
        {others.map((file, i) => (
          <span key={file.id}>
            {i > 0 ? " · " : ""}
            <a href={`?column=${encodeURIComponent(file.id)}#fix-file-${file.id}`}>Pick another column{others.length > 1 ? ` in ${file.name}` : ""}</a>
          </span>
        ))}
      </p>
    ) : null;
  // Nothing open: one line under the files, not a section of its own.
  if (previewed.length === 0) return pickAnother;
  return (
    <section aria-labelledby="column-fixes-title" className={styles.section}>
      <h2 id="column-fixes-title">{failed.length > 0 ? "Fix a file" : "Email column"}</h2>
      {previewed.map((file) => (
        <div key={file.id} id={`fix-file-${file.id}`} className={`card ${styles.fixFailed}`}>
          <p>
            <strong>{file.name}:</strong>{" "}
            {file.failed ? "pick the column that holds the email addresses, and the file runs again." : "pick another email column, and the file runs again."}
          </p>
          <ColumnFix batchId={batchId} file={file} rerunAction={rerunAction} />
        </div>
      ))}
      {pickAnother}
    </section>
  );
}

function ColumnFix({ batchId, file, rerunAction }: { batchId: string; file: Previewed; rerunAction: Props["rerunAction"] }) {
  const { preview } = file;
  return (
    <div className={styles.columnFix} data-testid="column-fix">
      <p className="muted">The first rows of the file:</p>
      <ScrollRegion label={`First rows of ${file.name}`}>
        <table className={`${batchStyles.table} ${styles.preview}`}>
          <thead>
            <tr>
              {preview.columns.map((column, i) => (
                <th key={`${i}-${column}`} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <PickColumnForm batchId={batchId} fileId={file.id} columns={preview.columns} current={file.column} rerunAction={rerunAction} />
    </div>
  );
}
