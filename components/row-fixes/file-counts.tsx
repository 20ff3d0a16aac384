// A processed file's counts by verdict, under its name on the batch page (the email
// has them per file; so does the page).
import { formatCount } from "@/components/format";
import { verificationSummarySchema } from "@/lib/verification/verification-summary";
import styles from "./row-fixes.module.css";

/** `summary` as the batch view gives it (net of rows an earlier file had); `crossFileDuplicates`: those rows. */
export function FileCounts({ summary, crossFileDuplicates = 0 }: { summary: unknown; crossFileDuplicates?: number }) {
  const parsed = verificationSummarySchema.shape.verdicts.safeParse((summary as { verdicts?: unknown } | null)?.verdicts);
  if (!parsed.success) return null;
  const { valid, risky, invalid, duplicate } = parsed.data;
  return (
    <p className={styles.counts} data-testid="file-counts">
      <span>{formatCount(valid)} valid</span>
      <span>{formatCount(risky)} risky</span>
      <span>{formatCount(invalid)} invalid</span>
      <span>
        {formatCount(duplicate)} {duplicate === 1 ? "duplicate" : "duplicates"}
        {/* Out of this file's valid and risky rows, as in its downloads: said, or the numbers would puzzle. */}
        {crossFileDuplicates > 0 ? ` (${formatCount(crossFileDuplicates)} also in an earlier file of this batch)` : null}
      </span>
    </p>
  );
}
