// Totals of a batch: rows and the four verdicts, with the share of all rows.
import { Column, Row, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import type { BatchEmailTotals } from "./batch-data";
import { formatCount } from "./format";
import { colors } from "./styles";

export type StatsTableProps = Readonly<{ totals: BatchEmailTotals }>;

export function StatsTable({ totals }: StatsTableProps) {
  const lines: { label: string; value: number; color?: string }[] = [
    { label: "Valid", value: totals.valid, color: colors.valid },
    { label: "Risky", value: totals.risky },
    { label: "Invalid", value: totals.invalid },
    { label: "Duplicate", value: totals.duplicate },
  ];
  return (
    <Section style={styles.table}>
      <Row>
        <Column style={styles.labelCell}>
          <Text style={styles.totalLabel}>Rows</Text>
        </Column>
        <Column style={styles.valueCell}>
          <Text style={styles.totalValue}>{formatCount(totals.rows)}</Text>
        </Column>
      </Row>
      {lines.map((line) => (
        <Row key={line.label}>
          <Column style={styles.labelCell}>
            <Text style={styles.label}>{line.label}</Text>
          </Column>
          <Column style={styles.valueCell}>
            <Text style={{ ...styles.value, ...(line.color ? { color: line.color } : {}) }}>
              {formatCount(line.value)}
              {totals.rows > 0 ? ` (${percent(line.value, totals.rows)})` : null}
            </Text>
          </Column>
        </Row>
      ))}
      {totals.crossFileDuplicate ? (
        <Text style={styles.note}>
          Duplicates include {formatCount(totals.crossFileDuplicate)} {totals.crossFileDuplicate === 1 ? "row" : "rows"} also in an earlier file of this batch.
        </Text>
      ) : null}
    </Section>
  );
}

function percent(part: number, whole: number): string {
  const share = (part / whole) * 100;
  // One decimal below 10 % so small but non-zero shares do not read as 0 %.
  return `${share > 0 && share < 10 ? share.toFixed(1) : Math.round(share).toString()}%`;
}

const cell = { borderBottom: `1px solid ${colors.border}`, padding: "6px 0" } satisfies CSSProperties;
const styles = {
  table: { margin: "8px 0 16px", width: "100%" },
  labelCell: { ...cell, width: "50%" },
  valueCell: { ...cell, textAlign: "right" },
  label: { fontSize: "14px", lineHeight: "20px", margin: 0 },
  value: { fontSize: "14px", lineHeight: "20px", margin: 0, fontVariantNumeric: "tabular-nums" },
  note: { color: colors.muted, fontSize: "13px", lineHeight: "18px", margin: "6px 0 0" },
  totalLabel: { fontSize: "14px", fontWeight: 600, lineHeight: "20px", margin: 0 },
  totalValue: { fontSize: "14px", fontWeight: 600, lineHeight: "20px", margin: 0, fontVariantNumeric: "tabular-nums" },
} satisfies Record<string, CSSProperties>;
