import { formatCount } from "@/components/format";
import styles from "./batches.module.css";

const VERDICT_CLASSES: Record<string, string | undefined> = {
  valid: styles.verdictValid,
  risky: styles.verdictRisky,
  invalid: styles.verdictInvalid,
  duplicate: styles.verdictDuplicate,
};

/**
 * A single stacked bar of verdicts, with the numbers spelled out for screen readers.
 * SVG so that each part's width is an attribute: the Content-Security-Policy allows
 * no inline `style=`.
 */
export function VerdictChart({ verdicts }: { verdicts: Record<string, number> }) {
  const entries = Object.entries(verdicts);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const description = entries.map(([verdict, count]) => `${verdict}: ${formatCount(count)}`).join(", ");
  let offset = 0;
  return (
    <svg className={styles.bar} role="img" aria-label={`Verdicts — ${description}`} viewBox="0 0 100 1" preserveAspectRatio="none">
      {entries.map(([verdict, count]) => {
        const x = offset;
        const width = (count / total) * 100;
        offset += width;
        return (
          <rect key={verdict} x={x} y={0} width={width} height={1} className={VERDICT_CLASSES[verdict] ?? styles.verdictOther}>
            <title>{`${verdict}: ${formatCount(count)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
