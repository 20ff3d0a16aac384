// A processed file's counts by verdict, under its name on the batch page (the email
// has them per file; so does the page).
import { formatCount } from "@/components/format";
import { verificationSummarySchema } from "@/lib/verification/verification-summary";
import styles from "./row-fixes.module.css";

export function FileCounts({ summary }: { summary: unknown }) {
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
      </span>
    </p>
  );
}
