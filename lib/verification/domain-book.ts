// Per-file memory of domains: their traits (so each distinct domain is classified once)
// and how many rows use each (for the summary's top domains), in one lookup per row.
// Bounded: a list with millions of distinct company domains must not grow a map with
// millions of entries. When full, the long tail (domains seen least) is dropped; the
// leaders stay and keep counting, and `approximate` says a drop happened.
import { computeDomainTraits, type DomainTraits } from "./classify-domain";
import { copyString } from "./copy-string";

const MAX_DOMAINS = 50_000;
const KEEP_AFTER_PRUNE = 10_000;
// Open addressing over a hash computed here, not a Map: a Map lookup hashes each row's
// domain (a new string every time) in the runtime and then reads a stored key to compare,
// a cache miss in a table of tens of thousands of domains. Here a probe reads a small
// typed array first and touches a stored domain only when its hash matches. Load stays
// under 40 % at MAX_DOMAINS.
const SLOT_BITS = 17;
const SLOTS = 1 << SLOT_BITS;

export type DomainCount = { readonly domain: string; readonly count: number };

type Entry = { readonly domain: string; readonly traits: DomainTraits; count: number };

export class DomainBook {
  // hashes[slot] is 0 for an empty slot; entries[slot] is the domain stored there.
  private readonly hashes = new Int32Array(SLOTS);
  private readonly entries = new Array<Entry | null>(SLOTS).fill(null);
  private size = 0;
  private pruned = false;

  /** Traits of `domain` (lower-case ASCII), counting one more row for it. */
  record(domain: string): DomainTraits {
    const hash = hashDomain(domain);
    let slot = hash & (SLOTS - 1);
    for (;;) {
      const stored = this.hashes[slot];
      if (stored === 0) break;
      if (stored === hash) {
        const entry = this.entries[slot];
        if (entry !== null && entry !== undefined && entry.domain === domain) {
          entry.count++;
          return entry.traits;
        }
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    return this.add(domain, hash, slot).traits;
  }

  top(limit: number): DomainCount[] {
    return this.all()
      .map(({ domain, count }) => ({ domain, count }))
      .sort((a, b) => b.count - a.count || (a.domain < b.domain ? -1 : 1))
      .slice(0, limit);
  }

  /** True when the tail was dropped at least once: a domain's count may then be low. */
  get approximate(): boolean {
    return this.pruned;
  }

  // `slot` is the empty slot the lookup ended on.
  private add(domain: string, hash: number, slot: number): Entry {
    // A copy: the row's string is a slice that would keep a whole CSV chunk alive.
    const entry: Entry = { domain: copyString(domain), traits: computeDomainTraits(domain), count: 1 };
    if (this.size >= MAX_DOMAINS) {
      this.prune();
      this.insert(entry, hash);
    } else {
      this.hashes[slot] = hash;
      this.entries[slot] = entry;
      this.size++;
    }
    return entry;
  }

  private insert(entry: Entry, hash: number): void {
    let slot = hash & (SLOTS - 1);
    while (this.hashes[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    this.hashes[slot] = hash;
    this.entries[slot] = entry;
    this.size++;
  }

  private all(): Entry[] {
    return this.entries.filter((entry): entry is Entry => entry !== null);
  }

  // Linear, not a sort: find the smallest count threshold that keeps at most
  // KEEP_AFTER_PRUNE entries, then rebuild the table with the entries above it.
  private prune(): void {
    const entries = this.all();
    const histogram = new Map<number, number>();
    for (const entry of entries) histogram.set(entry.count, (histogram.get(entry.count) ?? 0) + 1);
    const countsHighFirst = [...histogram.keys()].sort((a, b) => b - a);
    let kept = 0;
    let threshold = 0;
    for (const count of countsHighFirst) {
      kept += histogram.get(count) ?? 0;
      if (kept > KEEP_AFTER_PRUNE) {
        threshold = count;
        break;
      }
    }
    this.hashes.fill(0);
    this.entries.fill(null);
    this.size = 0;
    for (const entry of entries) if (entry.count > threshold) this.insert(entry, hashDomain(entry.domain));
    this.pruned = true;
  }
}

// FNV-1a over the characters, never 0 (0 marks an empty slot).
function hashDomain(domain: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < domain.length; i++) hash = Math.imul(hash ^ domain.charCodeAt(i), 0x01000193);
  return hash === 0 ? 1 : hash;
}
