import { formatCount } from "@/components/format";
import styles from "./batches.module.css";

const COLORS: Record<string, string> = {
  valid: "var(--success)",
  risky: "#b54708",
  invalid: "var(--danger)",
  duplicate: "var(--muted)",
};

/** A single stacked bar of verdicts, with the numbers spelled out for screen readers. */
export function VerdictChart({ verdicts }: { verdicts: Record<string, number> }) {
  const total = Object.values(verdicts).reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const description = Object.entries(verdicts)
    .map(([verdict, count]) => `${verdict}: ${formatCount(count)}`)
    .join(", ");
  return (
    <div className={styles.bar} role="img" aria-label={`Verdicts — ${description}`}>
      {Object.entries(verdicts).map(([verdict, count]) => (
        <span key={verdict} title={`${verdict}: ${formatCount(count)}`} style={{ width: `${(count / total) * 100}%`, background: COLORS[verdict] ?? "var(--accent)" }} />
      ))}
    </div>
  );
}
