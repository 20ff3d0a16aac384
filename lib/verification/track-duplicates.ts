// Remembers every mailbox seen so far in a file, compactly (hashes, not strings), and
// tells a repeat apart from a new address. Memory grows with distinct addresses only:
// about 8 bytes a slot, 4 for a spelling that folds (see hashed-key-table.ts), the one part of processing that is not flat.
import { hashAddress } from "./hash-string";
import { HashedKeySet, HashedKeyTable } from "./hashed-key-table";

/** An address as duplicate detection sees it: both spellings lower-cased. */
export type AddressKeys = {
  /** Local part lower-cased; with `domain`, the exact address. */
  readonly lowerLocal: string;
  readonly domain: string;
  /** The mailbox the provider delivers to (Gmail dots and +tags folded). */
  readonly mailboxLocal: string;
  readonly mailboxDomain: string;
};

export type DuplicateCheck =
  | { readonly kind: "first" }
  | { readonly kind: "duplicate" | "alias_duplicate"; readonly firstLine: number };

// Top bit of a stored value: the mailbox's own spelling (its key exactly) has been seen.
const SEEN_AS_KEY = 0x8000_0000;
const LINE_MASK = 0x7fff_ffff;
const FIRST: DuplicateCheck = { kind: "first" };

export class DuplicateTracker {
  // mailbox key → line of its first row (+ SEEN_AS_KEY)
  private readonly mailboxes: HashedKeyTable;
  // Spellings that differ from their mailbox key (j.ohn@gmail.com, john+x@…). Lets a
  // repeat of such a spelling count as an exact duplicate, not an alias.
  private readonly variants = new HashedKeySet();
  private readonly scratch = new Uint32Array(2);
  // Where HashedKeyTable.warm's result goes: kept, so the reads behind it are kept too.
  private warmth = 0;

  /** `expectedAddresses`: an estimate of the rows to come, if known; it only affects speed. */
  constructor(expectedAddresses = 0) {
    this.mailboxes = new HashedKeyTable(expectedAddresses);
  }

  /**
   * Register one address and say whether it repeats an earlier one. `firstLine` is the
   * first row of the mailbox, which for an alias is another spelling of the same person.
   */
  check(keys: AddressKeys, line: number): DuplicateCheck {
    hashAddress(keys.mailboxLocal, keys.mailboxDomain, this.scratch);
    return this.checkHashed(keys, this.scratch[0] ?? 0, this.scratch[1] ?? 0, line);
  }

  /**
   * `check` for many addresses in file order (null entries skipped), with the same
   * answers. Each lookup is a cache miss in a table of millions of slots; one at a time,
   * between rows' other work, they cost more than the hashing. So: hash them all, read
   * their slots in one tight pass (HashedKeyTable.warm, where the CPU waits for many
   * misses at once), then look them up in the caches.
   */
  checkAll(keys: readonly (AddressKeys | null)[], lines: readonly number[]): (DuplicateCheck | null)[] {
    const hashes = new Uint32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      const entry = keys[i];
      if (entry === null || entry === undefined) continue;
      hashAddress(entry.mailboxLocal, entry.mailboxDomain, hashes, i * 2);
    }
    this.warmth ^= this.mailboxes.warm(hashes);
    const results = new Array<DuplicateCheck | null>(keys.length).fill(null);
    for (let i = 0; i < keys.length; i++) {
      const entry = keys[i];
      if (entry !== null && entry !== undefined) results[i] = this.checkHashed(entry, hashes[i * 2] ?? 0, hashes[i * 2 + 1] ?? 0, lines[i] ?? 0);
    }
    return results;
  }

  private checkHashed(keys: AddressKeys, high: number, low: number, line: number): DuplicateCheck {
    // Usually the very same strings (nothing to fold), which compare without reading them.
    const isKeySpelling = keys.lowerLocal === keys.mailboxLocal && keys.domain === keys.mailboxDomain;
    const stored = this.mailboxes.get(high, low);
    if (stored === -1) {
      this.mailboxes.add(high, low, (line & LINE_MASK) + (isKeySpelling ? SEEN_AS_KEY : 0));
      if (!isKeySpelling) this.seenVariant(keys);
      return FIRST;
    }
    const firstLine = stored & LINE_MASK;
    if (isKeySpelling) {
      if (stored >= SEEN_AS_KEY) return { kind: "duplicate", firstLine };
      this.mailboxes.updateFound(stored + SEEN_AS_KEY);
      return { kind: "alias_duplicate", firstLine };
    }
    return { kind: this.seenVariant(keys) ? "duplicate" : "alias_duplicate", firstLine };
  }

  /** Bytes held by the hash tables. */
  get byteSize(): number {
    return this.mailboxes.byteSize + this.variants.byteSize;
  }

  // True if this spelling was seen before; records it either way.
  private seenVariant(keys: AddressKeys): boolean {
    hashAddress(keys.lowerLocal, keys.domain, this.scratch);
    return this.variants.addIfAbsent(this.scratch[0] ?? 0, this.scratch[1] ?? 0);
  }
}
