// "One batch, one list": remembers the first row of every mailbox across the files of a
// batch, read in upload order, and tells which later rows repeat one from an earlier
// file. Hashes in typed arrays (hashed-key-table.ts), as duplicate detection within a
// file does: about 8 bytes a table per distinct address.
import { analyzeAddress } from "../verification/analyze-address";
import { hashAddress } from "../verification/hash-string";
import { HashedKeySet, HashedKeyTable } from "../verification/hashed-key-table";
import type { AddressKeys } from "../verification/track-duplicates";

export type CrossFileRepeat = { readonly kind: "duplicate" | "alias_duplicate"; readonly file: number; readonly line: number };
export type CrossFileCheck = { readonly kind: "first" } | CrossFileRepeat;

// Top bit of an origin: the mailbox's own spelling (its key exactly) has been seen.
const SEEN_AS_KEY = 0x8000_0000;
const FILE_MASK = 0x7fff_ffff;
const FIRST: CrossFileCheck = { kind: "first" };

export class CrossFileDuplicates {
  // mailbox key → line of its first row
  private readonly lines: HashedKeyTable;
  // mailbox key → file (position in the batch) of its first row, + SEEN_AS_KEY
  private readonly origins: HashedKeyTable;
  // Spellings that differ from their mailbox key, so a repeat of one is exact, not an alias.
  private readonly variants = new HashedKeySet();
  private readonly scratch = new Uint32Array(2);

  /** `expectedAddresses`: the rows to come, when the files' summaries tell; it only affects speed and memory. */
  constructor(expectedAddresses = 0) {
    this.lines = new HashedKeyTable(expectedAddresses);
    this.origins = new HashedKeyTable(expectedAddresses);
  }

  /**
   * The batch-wide rule for one row of a stored report of `file`: a row the file alone
   * judged valid or risky whose mailbox an earlier file had repeats that file's row;
   * null for every other row. The downloads (export-results.ts) and the counts the
   * worker stores when a batch ends (tally-cross-file-duplicates.ts) both ask here.
   */
  checkReportRow(verdict: string, normalizedAddress: string, file: number, line: number): CrossFileRepeat | null {
    if (verdict !== "valid" && verdict !== "risky") return null;
    const analysis = analyzeAddress(normalizedAddress);
    if (analysis.verdict === "invalid") return null;
    const check = this.check(analysis, file, line);
    return check.kind === "first" ? null : check;
  }

  /**
   * Register the first row of an address in `file` (rows that repeat one of the same
   * file are the processor's) and say whether an earlier file had the mailbox already.
   */
  check(keys: AddressKeys, file: number, line: number): CrossFileCheck {
    hashAddress(keys.mailboxLocal, keys.mailboxDomain, this.scratch);
    const high = this.scratch[0] ?? 0;
    const low = this.scratch[1] ?? 0;
    const isKeySpelling = keys.lowerLocal === keys.mailboxLocal && keys.domain === keys.mailboxDomain;
    const origin = this.origins.get(high, low);
    if (origin === -1) {
      this.origins.add(high, low, file + (isKeySpelling ? SEEN_AS_KEY : 0));
      this.lines.add(high, low, line);
      if (!isKeySpelling) this.seenVariant(keys);
      return FIRST;
    }
    const firstFile = origin & FILE_MASK;
    let exact: boolean;
    if (isKeySpelling) {
      exact = origin >= SEEN_AS_KEY;
      if (!exact) this.origins.updateFound(origin + SEEN_AS_KEY);
    } else exact = this.seenVariant(keys);
    // Another spelling in this very file was its first row: the processor judged that.
    if (firstFile === file) return FIRST;
    return { kind: exact ? "duplicate" : "alias_duplicate", file: firstFile, line: this.lines.get(high, low) };
  }

  // True if this spelling was seen before; records it either way.
  private seenVariant(keys: AddressKeys): boolean {
    hashAddress(keys.lowerLocal, keys.domain, this.scratch);
    return this.variants.addIfAbsent(this.scratch[0] ?? 0, this.scratch[1] ?? 0);
  }
}
