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
  private readonly variants: HashedKeySet;
  // Where HashedKeyTable.warm's result goes: kept, so the reads behind it are kept too.
  private warmth = 0;

  /** `expectedAddresses`: an estimate of the rows to come, if known; it only affects speed. */
  constructor(expectedAddresses = 0) {
    this.mailboxes = new HashedKeyTable(expectedAddresses);
    // Sized for one row in four spelt another way (dotted Gmail addresses are common), so
    // a lookup probes one level, not three: each level is a cache miss. The pages of a
    // table few rows reach are never touched, so a list without such spellings pays nothing.
    this.variants = new HashedKeySet(expectedAddresses / 4);
  }

  /**
   * Register one address and say whether it repeats an earlier one. `firstLine` is the
   * first row of the mailbox, which for an alias is another spelling of the same person.
   */
  check(keys: AddressKeys, line: number): DuplicateCheck {
    const hashes = new Uint32Array(4);
    hashKeys(keys, hashes, 0);
    return this.checkHashed(keys, hashes, 0, line);
  }

  /**
   * `check` for many addresses in file order (null entries skipped), with the same
   * answers. Each lookup is a cache miss in a table of millions of slots; one at a time,
   * between rows' other work, they cost more than the hashing. So: hash them all, read
   * their slots in one tight pass (HashedKeyTable.warm, where the CPU waits for many
   * misses at once), then look them up in the caches. The same for the spellings that
   * differ from their mailbox.
   */
  checkAll(keys: readonly (AddressKeys | null)[], lines: readonly number[]): (DuplicateCheck | null)[] {
    // Per entry: the mailbox's hash, then the spelling's (0, 0 when it is the mailbox's own).
    const hashes = new Uint32Array(keys.length * 4);
    for (let i = 0; i < keys.length; i++) {
      const entry = keys[i];
      if (entry !== null && entry !== undefined) hashKeys(entry, hashes, i * 4);
    }
    this.warmth ^= this.mailboxes.warm(hashes, 4) ^ this.variants.warm(hashes, 4, 2);
    const results = new Array<DuplicateCheck | null>(keys.length).fill(null);
    for (let i = 0; i < keys.length; i++) {
      const entry = keys[i];
      if (entry !== null && entry !== undefined) results[i] = this.checkHashed(entry, hashes, i * 4, lines[i] ?? 0);
    }
    return results;
  }

  // `hashes[at…at + 3]`: the entry's hashes as hashKeys wrote them.
  private checkHashed(keys: AddressKeys, hashes: Uint32Array, at: number, line: number): DuplicateCheck {
    const high = hashes[at] ?? 0;
    const low = hashes[at + 1] ?? 0;
    const isKeySpelling = isMailboxSpelling(keys);
    const stored = this.mailboxes.get(high, low);
    if (stored === -1) {
      this.mailboxes.add(high, low, (line & LINE_MASK) + (isKeySpelling ? SEEN_AS_KEY : 0));
      if (!isKeySpelling) this.variants.addIfAbsent(hashes[at + 2] ?? 0, hashes[at + 3] ?? 0);
      return FIRST;
    }
    const firstLine = stored & LINE_MASK;
    if (isKeySpelling) {
      if (stored >= SEEN_AS_KEY) return { kind: "duplicate", firstLine };
      this.mailboxes.updateFound(stored + SEEN_AS_KEY);
      return { kind: "alias_duplicate", firstLine };
    }
    // True if this spelling was seen before; records it either way.
    return { kind: this.variants.addIfAbsent(hashes[at + 2] ?? 0, hashes[at + 3] ?? 0) ? "duplicate" : "alias_duplicate", firstLine };
  }

  /** Bytes held by the hash tables. */
  get byteSize(): number {
    return this.mailboxes.byteSize + this.variants.byteSize;
  }
}

// Usually the very same strings (nothing to fold), which compare without reading them.
function isMailboxSpelling(keys: AddressKeys): boolean {
  return keys.lowerLocal === keys.mailboxLocal && keys.domain === keys.mailboxDomain;
}

// The mailbox's hash into `out[at]`, `out[at + 1]`; the spelling's into the next two when
// it differs from the mailbox (left 0 otherwise).
function hashKeys(keys: AddressKeys, out: Uint32Array, at: number): void {
  hashAddress(keys.mailboxLocal, keys.mailboxDomain, out, at);
  if (!isMailboxSpelling(keys)) hashAddress(keys.lowerLocal, keys.domain, out, at + 2);
}
