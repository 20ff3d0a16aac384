import { formatCount } from "@/components/format";
import { orderedVerdicts, type VerdictEntry } from "@/lib/batches/verdict-order";
import styles from "./batches.module.css";

const SWATCH_CLASSES: Record<string, string | undefined> = {
  valid: styles.verdictValid,
  risky: styles.verdictRisky,
  invalid: styles.verdictInvalid,
  duplicate: styles.verdictDuplicate,
};

export const swatchClassOf = (key: string) => SWATCH_CLASSES[key] ?? styles.verdictOther;

/**
 * A single stacked bar of verdicts in the cards' order and colours, with a legend that
 * names each colour and the numbers spelled out for screen readers. SVG so that each
 * part's width is an attribute: the Content-Security-Policy allows no inline `style=`.
 */
export function VerdictChart({ verdicts }: { verdicts: Record<string, number> }) {
  const entries = orderedVerdicts(verdicts);
  const total = entries.reduce((sum, entry) => sum + entry.count, 0);
  if (total === 0) return null;
  const description = entries.map(describe).join(", ");
  let offset = 0;
  return (
    <figure className={styles.chart} data-testid="verdict-chart">
      <svg className={styles.bar} role="img" aria-label={`Verdicts of ${formatCount(total)} rows: ${description}`} viewBox="0 0 100 1" preserveAspectRatio="none">
        {entries
          .filter((entry) => entry.count > 0)
          .map((entry) => {
            const x = offset;
            const width = (entry.count / total) * 100;
            offset += width;
            return (
              <rect key={entry.key} x={x} y={0} width={width} height={1} className={swatchClassOf(entry.key)} data-verdict={entry.key}>
                <title>{describe(entry)}</title>
              </rect>
            );
          })}
      </svg>
      <figcaption>
        <ul className={styles.legend} aria-label="Legend">
          {entries.map((entry) => (
            <li key={entry.key}>
              <svg className={styles.swatch} viewBox="0 0 1 1" aria-hidden="true">
                <rect width={1} height={1} className={swatchClassOf(entry.key)} />
              </svg>
              {describe(entry)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function describe(entry: VerdictEntry): string {
  return `${entry.label}: ${formatCount(entry.count)}`;
}
