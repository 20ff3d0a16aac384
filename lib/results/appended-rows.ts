// Rows added at the end of an export (the corrected list's rows fixed by hand), each
// left out when its mailbox is already in the list: the verifier's duplicate rule (same
// mailbox, Gmail dots and +tags folded), so the corrected list has every address once.
// Memory: one key per appended row (at most 5,000 a file), whatever the list's length.
import { analyzeAddress } from "../verification/analyze-address";

export type AppendedRow = {
  /** The row as it goes out, in the export's columns. */
  readonly cells: readonly string[];
  /** The address the row sends to. */
  readonly address: string;
};

/** The mailbox an address delivers to; an address the rules cannot read (marked valid as written) is its own key. */
export function mailboxKey(address: string): string {
  const analysis = analyzeAddress(address);
  if (analysis.verdict === "invalid") return address.trim().toLowerCase();
  return `${analysis.mailboxLocal}@${analysis.mailboxDomain}`;
}

export class AppendedRows {
  private readonly wanted: Set<string>;
  private readonly present = new Set<string>();
  /** Appended rows left out as duplicates, once `rest` has run. */
  leftOut = 0;

  constructor(private readonly rows: readonly AppendedRow[]) {
    this.wanted = new Set(rows.map((row) => mailboxKey(row.address)));
  }

  /** Call with the address of every row written before the appended ones. */
  written(address: string): void {
    if (address === "") return;
    const key = mailboxKey(address);
    if (this.wanted.has(key)) this.present.add(key);
  }

  /** The appended rows whose mailbox is not in the list yet, the first of each. */
  *rest(): Generator<readonly string[]> {
    for (const row of this.rows) {
      const key = mailboxKey(row.address);
      if (this.present.has(key)) {
        this.leftOut++;
        continue;
      }
      this.present.add(key);
      yield row.cells;
    }
  }
}
