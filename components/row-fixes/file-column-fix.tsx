// A file to fix by choosing its email column: the first rows of the file as a preview,
// and the column picker. Open for a file where no column was found; behind "Wrong
// column?" for a processed one.
import type { ActionState } from "@/app/action-state";
import { ScrollRegion } from "@/components/scroll-region";
import batchStyles from "@/components/batches/batches.module.css";
import type { FilePreview } from "@/lib/batches/preview-file-rows";
import { PickColumnForm } from "./pick-column-form";
import styles from "./row-fixes.module.css";

type Props = {
  batchId: string;
  file: { id: string; name: string; failed: boolean; column: string | null };
  preview: FilePreview | null;
  rerunAction: (state: ActionState, formData: FormData) => Promise<ActionState>;
};

export function FileColumnFix({ batchId, file, preview, rerunAction }: Props) {
  if (preview === null) return null;
  const body = (
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
  if (file.failed) {
    return (
      <div id={`fix-file-${file.id}`} className={styles.fixFailed}>
        <p>
          <strong>Fix it here:</strong> pick the column that holds the email addresses and the file runs again.
        </p>
        {body}
      </div>
    );
  }
  return (
    <details id={`fix-file-${file.id}`} className={styles.wrongColumn}>
      <summary>Wrong column?</summary>
      {body}
    </details>
  );
}
