// Per-file memory of domains: their traits (so each distinct domain is classified once)
// and how many rows use each (for the summary's top domains), in one lookup per row.
// Bounded: a list with millions of distinct company domains must not grow a map with
// millions of entries. When full, the long tail (domains seen least) is dropped; the
// leaders stay and keep counting, and `approximate` says a drop happened.
import { NO_DOMAIN_PROBLEMS } from "./check-domain-policy";
import { computeDomainTraits, type DomainTraits } from "./classify-domain";
import { copyString } from "./copy-string";

const MAX_DOMAINS = 50_000;
const KEEP_AFTER_PRUNE = 10_000;
// Open addressing over a hash computed here, not a Map: a Map lookup hashes each row's
// domain (a new string every time) in the runtime and then reads a stored key to compare,
// a cache miss in a table of tens of thousands of domains. Here a probe reads a small
// typed array first and touches a stored domain only when its hash matches; counts sit in
// a typed array and most domains share one traits object, so a hit reads one string from
// far away and nothing else. The table starts small (most files have few domains) and
// doubles to keep its load under MAX_LOAD: 2^17 slots at MAX_DOMAINS.
const FIRST_SLOTS = 1024;
const MAX_LOAD = 0.4;

// The traits of most domains (a company's own): shared, so they stay in the CPU caches.
const PLAIN: DomainTraits = Object.freeze({ problems: NO_DOMAIN_PROBLEMS, disposable: false, freeMail: false, suggestion: null, aliasRule: "none" });

export type DomainCount = { readonly domain: string; readonly count: number };

type Entry = { readonly domain: string; readonly traits: DomainTraits; readonly count: number };

export class DomainBook {
  // Per slot: the domain's hash (0: empty slot), the domain, its traits and its rows.
  private hashes = new Int32Array(FIRST_SLOTS);
  private domains = new Array<string | null>(FIRST_SLOTS).fill(null);
  private traits = new Array<DomainTraits | null>(FIRST_SLOTS).fill(null);
  private counts = new Int32Array(FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  private size = 0;
  private pruned = false;

  /** Traits of `domain` (lower-case ASCII), counting one more row for it. */
  record(domain: string): DomainTraits {
    const hash = hashDomain(domain);
    let slot = hash & this.mask;
    for (;;) {
      const stored = this.hashes[slot];
      if (stored === 0) break;
      if (stored === hash && this.domains[slot] === domain) {
        this.counts[slot] = (this.counts[slot] ?? 0) + 1;
        return this.traits[slot] ?? PLAIN;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.size >= MAX_DOMAINS) {
      this.prune();
      slot = this.emptySlot(hash);
    } else if (this.size + 1 > (this.mask + 1) * MAX_LOAD) {
      this.rebuild(this.entries(), (this.mask + 1) * 2);
      slot = this.emptySlot(hash);
    }
    const traits = shareable(computeDomainTraits(domain));
    // A copy: the row's string is a slice that would keep a whole CSV chunk alive.
    this.put(slot, hash, { domain: copyString(domain), traits, count: 1 });
    return traits;
  }

  /** The domains with the most rows; domains no address can be at (reserved names) are left out. */
  top(limit: number): DomainCount[] {
    return this.entries()
      .filter(({ traits }) => traits.problems.length === 0)
      .map(({ domain, count }) => ({ domain, count }))
      .sort((a, b) => b.count - a.count || (a.domain < b.domain ? -1 : 1))
      .slice(0, limit);
  }

  /** True when the tail was dropped at least once: a domain's count may then be low. */
  get approximate(): boolean {
    return this.pruned;
  }

  private put(slot: number, hash: number, entry: Entry): void {
    this.hashes[slot] = hash;
    this.domains[slot] = entry.domain;
    this.traits[slot] = entry.traits;
    this.counts[slot] = entry.count;
    this.size++;
  }

  private emptySlot(hash: number): number {
    let slot = hash & this.mask;
    while (this.hashes[slot] !== 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  private entries(): Entry[] {
    const entries: Entry[] = [];
    for (let slot = 0; slot <= this.mask; slot++) {
      const domain = this.domains[slot];
      if (domain !== null && domain !== undefined) entries.push({ domain, traits: this.traits[slot] ?? PLAIN, count: this.counts[slot] ?? 0 });
    }
    return entries;
  }

  // A fresh table of `slotCount` slots holding `entries`.
  private rebuild(entries: readonly Entry[], slotCount: number): void {
    this.hashes = new Int32Array(slotCount);
    this.domains = new Array<string | null>(slotCount).fill(null);
    this.traits = new Array<DomainTraits | null>(slotCount).fill(null);
    this.counts = new Int32Array(slotCount);
    this.mask = slotCount - 1;
    this.size = 0;
    for (const entry of entries) {
      const hash = hashDomain(entry.domain);
      this.put(this.emptySlot(hash), hash, entry);
    }
  }

  // Linear, not a sort: find the smallest count threshold that keeps at most
  // KEEP_AFTER_PRUNE entries, then rebuild the table with the entries above it.
  private prune(): void {
    const entries = this.entries();
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
    this.rebuild(
      entries.filter((entry) => entry.count > threshold),
      this.mask + 1,
    );
    this.pruned = true;
  }
}

function shareable(traits: DomainTraits): DomainTraits {
  return traits.problems === NO_DOMAIN_PROBLEMS && !traits.disposable && !traits.freeMail && traits.suggestion === null && traits.aliasRule === "none" ? PLAIN : traits;
}

// FNV-1a over the characters, never 0 (0 marks an empty slot).
function hashDomain(domain: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < domain.length; i++) hash = Math.imul(hash ^ domain.charCodeAt(i), 0x01000193);
  return hash === 0 ? 1 : hash;
}
