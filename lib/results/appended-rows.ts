// Rows added at the end of an export (the corrected list's rows fixed by hand), each
// left out when its mailbox is already in the list: the verifier's duplicate rule (same
// mailbox, Gmail dots and +tags folded), so the corrected list has every address once.
// Memory: one key per appended row (at most 5,000 a file), whatever the list's length,
// and a bounded memo of the list's domains.
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

// The domain part of a key or an address.
const domainOf = (key: string) => key.slice(key.lastIndexOf("@") + 1);
// Distinct domains remembered before the memo starts over: bounds it on a list of many domains.
const DOMAIN_MEMO_LIMIT = 10_000;

export class AppendedRows {
  private readonly wanted: Set<string>;
  private readonly present = new Set<string>();
  // Mailbox domains of the appended rows, and whether a list domain is one of them (memo).
  private readonly domains: Set<string>;
  private readonly relevant = new Map<string, boolean>();
  /** Appended rows left out as duplicates, once `rest` has run. */
  leftOut = 0;

  constructor(private readonly rows: readonly AppendedRow[]) {
    this.wanted = new Set(rows.map((row) => mailboxKey(row.address)));
    this.domains = new Set([...this.wanted].map(domainOf));
  }

  /** Call with the address of every row written before the appended ones. */
  written(address: string): void {
    if (address === "") return;
    // Reading every address of the list in full doubled the corrected list's time (200,000
    // rows at 500 domains, 5,000 appended at 25 of them: +1.3 s over the cleaned list's
    // 1.1 s; +0.6 s with this); most rows are at a domain no appended row has.
    if (!this.atWantedDomain(address)) return;
    const key = mailboxKey(address);
    if (this.wanted.has(key)) this.present.add(key);
  }

  // A list address is lower-case at its domain already; its mailbox domain differs only for
  // providers that alias domains (googlemail.com is gmail.com), which analyzeAddress knows.
  private atWantedDomain(address: string): boolean {
    const domain = domainOf(address);
    let relevant = this.relevant.get(domain);
    if (relevant === undefined) {
      relevant = this.domains.has(domain) || this.domains.has(domainOf(mailboxKey(`a@${domain}`)));
      if (this.relevant.size >= DOMAIN_MEMO_LIMIT) this.relevant.clear();
      this.relevant.set(domain, relevant);
    }
    return relevant;
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
