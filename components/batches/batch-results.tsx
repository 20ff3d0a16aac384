import { formatCount } from "@/components/format";
import { batchResultsState } from "@/lib/batches/batch-states";
import type { BatchView } from "@/lib/batches/batch-view";
import { orderedVerdicts } from "@/lib/batches/verdict-order";
import styles from "./batches.module.css";
import { swatchClassOf, VerdictChart } from "./verdict-chart";

/** The result cards and bar once rows were verified; the reason in words when none were. */
export function BatchResults({ batch }: { batch: Pick<BatchView, "status" | "stats" | "files"> }) {
  const state = batchResultsState(batch);
  if (state.kind === "pending") return null;
  return (
    <section aria-labelledby="stats-title">
      <h2 id="stats-title">Results</h2>
      {state.kind === "nothing-verified" ? (
        <p className={styles.nothingVerified} data-testid="batch-nothing-verified">
          {state.reason}
        </p>
      ) : (
        <>
          <div className={styles.stats}>
            <Stat label="Rows" value={state.stats.rows} />
            {orderedVerdicts(state.stats.verdicts).map((entry) => (
              <Stat key={entry.key} label={entry.label} value={entry.count} verdict={entry.key} />
            ))}
          </div>
          <VerdictChart verdicts={state.stats.verdicts} />
          {state.stats.crossFileDuplicates ? (
            <p className="muted" data-testid="cross-file-duplicates">
              Duplicates include {formatCount(state.stats.crossFileDuplicates)} {state.stats.crossFileDuplicates === 1 ? "row" : "rows"} also in an
              earlier file of this batch, not counted as valid or risky (as in the downloads).
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function Stat({ label, value, verdict }: { label: string; value: number; verdict?: string }) {
  return (
    <div className={styles.stat}>
      <span className={styles.statValue}>{formatCount(value)}</span>
      <span className={`muted ${styles.statLabel}`}>
        {verdict ? (
          <svg className={styles.swatch} viewBox="0 0 1 1" aria-hidden="true">
            <rect width={1} height={1} className={swatchClassOf(verdict)} />
          </svg>
        ) : null}
        {label}
      </span>
    </div>
  );
}
