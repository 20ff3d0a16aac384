// Per-file memory of domains: their traits (so each distinct domain is classified once)
// and how many rows use each (for the summary's top domains), in one lookup per row.
// Bounded: a list with millions of distinct company domains must not grow a map with
// millions of entries. When full, the long tail (domains seen least) is dropped; the
// leaders stay and keep counting, and `approximate` says a drop happened.
import { computeDomainTraits, type DomainTraits } from "./classify-domain";
import { copyString } from "./copy-string";

const MAX_DOMAINS = 50_000;
const KEEP_AFTER_PRUNE = 10_000;
// A direct-mapped cache in front of the map: a Map lookup hashes the whole (new) domain
// string of every row, while most rows go to a few popular domains that the cache finds
// with four character reads and one string comparison.
const RECENT_SLOTS = 1024;

export type DomainCount = { readonly domain: string; readonly count: number };

type Entry = { readonly domain: string; readonly traits: DomainTraits; count: number };

export class DomainBook {
  private readonly entries = new Map<string, Entry>();
  private recent = new Array<Entry | null>(RECENT_SLOTS).fill(null);
  private pruned = false;

  /** Traits of `domain` (lower-case ASCII), counting one more row for it. */
  record(domain: string): DomainTraits {
    const length = domain.length;
    const slot =
      (length * 31 + domain.charCodeAt(0) * 7 + domain.charCodeAt(length >> 1) * 3 + domain.charCodeAt(length - 5)) & (RECENT_SLOTS - 1);
    let entry = this.recent[slot];
    if (entry === null || entry === undefined || entry.domain !== domain) {
      entry = this.entries.get(domain) ?? this.add(domain);
      this.recent[slot] = entry;
    }
    entry.count++;
    return entry.traits;
  }

  top(limit: number): DomainCount[] {
    return [...this.entries.values()]
      .map(({ domain, count }) => ({ domain, count }))
      .sort((a, b) => b.count - a.count || (a.domain < b.domain ? -1 : 1))
      .slice(0, limit);
  }

  /** True when the tail was dropped at least once: a domain's count may then be low. */
  get approximate(): boolean {
    return this.pruned;
  }

  private add(domain: string): Entry {
    if (this.entries.size >= MAX_DOMAINS) this.prune();
    // A copy: the row's string is a slice that would keep a whole CSV chunk alive.
    const entry: Entry = { domain: copyString(domain), traits: computeDomainTraits(domain), count: 0 };
    this.entries.set(entry.domain, entry);
    return entry;
  }

  // Linear, not a sort: find the smallest count threshold that keeps at most
  // KEEP_AFTER_PRUNE entries, then delete everything at or below it.
  private prune(): void {
    const histogram = new Map<number, number>();
    for (const entry of this.entries.values()) histogram.set(entry.count, (histogram.get(entry.count) ?? 0) + 1);
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
    for (const [domain, entry] of this.entries) if (entry.count <= threshold) this.entries.delete(domain);
    // Dropped entries must not go on counting through the cache.
    this.recent = new Array<Entry | null>(RECENT_SLOTS).fill(null);
    this.pruned = true;
  }
}
