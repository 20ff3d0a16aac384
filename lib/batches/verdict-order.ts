// One order and one name for the verdicts, shared by the result cards, the results bar
// and its legend, so that the bar reads in the same order as the cards above it.

const KNOWN = [
  { key: "valid", label: "Valid" },
  { key: "risky", label: "Risky" },
  { key: "invalid", label: "Invalid" },
  { key: "duplicate", label: "Duplicates" },
] as const;

export type VerdictEntry = { key: string; label: string; count: number };

/** The four known verdicts first (zero when absent), in card order, then any other the processor reported. */
export function orderedVerdicts(verdicts: Record<string, number>): VerdictEntry[] {
  const known: VerdictEntry[] = KNOWN.map(({ key, label }) => ({ key, label, count: verdicts[key] ?? 0 }));
  const knownKeys = new Set<string>(KNOWN.map(({ key }) => key));
  const others = Object.entries(verdicts)
    .filter(([key]) => !knownKeys.has(key))
    .map(([key, count]) => ({ key, label: key.charAt(0).toUpperCase() + key.slice(1), count }));
  return [...known, ...others];
}
