// Per-file memory of domains: their traits (so each distinct domain is classified once)
// and how many rows use each (for the summary's top domains), in one lookup per row.
// Bounded: a list with millions of distinct company domains must not grow a map with
// millions of entries. When full, the long tail (domains seen least) is dropped; the
// leaders stay and keep counting, and `approximate` says a drop happened.
import { NO_DOMAIN_PROBLEMS } from "./check-domain-policy";
import { computeDomainTraits, type DomainTraits } from "./classify-domain";
import { copyString } from "./copy-string";
import { hashText } from "./hash-string";

const MAX_DOMAINS = 50_000;
const KEEP_AFTER_PRUNE = 10_000;
// Open addressing over a hash computed here, not a Map: a Map lookup hashes each row's
// domain (a new string every time) in the runtime and then reads a stored key to compare.
// Here a slot is four numbers side by side in one typed array, the domain's two 32-bit
// hash halves, its entry and its row count, so a lookup that hits (nearly every row)
// reads one cache line and nothing else: it compares the 64-bit hash, not the stored
// string. Reading that string was a cache miss a row in a table of tens of thousands of
// domains (≈ 8 % of the processor's time on a 5M-row list, bench:verify). Two domains
// of one file sharing a 64-bit hash is about a 1 in 10^10 chance with 50,000 of them,
// and would count the second's rows under the first. The table starts small (most
// files have few domains) and doubles to keep its load under MAX_LOAD: 2^17 slots at MAX_DOMAINS.
const FIRST_SLOTS = 1024;
const MAX_LOAD = 0.4;
// Per slot: [hash high, hash low, entry + 1 (0: empty slot), rows].
const SLOT_INTS = 4;

// The traits of most domains (a company's own): shared, so they stay in the CPU caches.
const PLAIN: DomainTraits = Object.freeze({ problems: NO_DOMAIN_PROBLEMS, disposable: false, freeMail: false, suggestion: null, aliasRule: "none" });

export type DomainCount = { readonly domain: string; readonly count: number };

type Entry = { readonly domain: string; readonly traits: DomainTraits; readonly count: number };

export class DomainBook {
  private slots = new Int32Array(FIRST_SLOTS * SLOT_INTS);
  private mask = FIRST_SLOTS - 1;
  // By entry: the domain and its traits.
  private domains: string[] = [];
  private traits: DomainTraits[] = [];
  private pruned = false;
  // Int32, as the slots are: a hash half compares without conversion.
  private readonly hash = new Int32Array(2);

  /** Traits of `domain` (lower-case ASCII), counting one more row for it. */
  record(domain: string): DomainTraits {
    hashText(domain, this.hash);
    const high = this.hash[0] ?? 0;
    const low = this.hash[1] ?? 0;
    const { slots } = this;
    let slot = high & this.mask;
    for (;;) {
      const at = slot * SLOT_INTS;
      const entry = slots[at + 2] ?? 0;
      if (entry === 0) break;
      if (slots[at] === high && slots[at + 1] === low) {
        slots[at + 3] = (slots[at + 3] ?? 0) + 1;
        return this.traits[entry - 1] ?? PLAIN;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.domains.length >= MAX_DOMAINS) this.prune();
    else if (this.domains.length + 1 > (this.mask + 1) * MAX_LOAD) this.rebuild(this.entries(), (this.mask + 1) * 2);
    const traits = shareable(computeDomainTraits(domain));
    // A copy: the row's string is a slice that would keep a whole CSV chunk alive.
    this.put(high, low, { domain: copyString(domain), traits, count: 1 });
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

  // Stores a new entry in the first empty slot of its probe sequence.
  private put(high: number, low: number, entry: Entry): void {
    const { slots } = this;
    let slot = high & this.mask;
    while (slots[slot * SLOT_INTS + 2] !== 0) slot = (slot + 1) & this.mask;
    const at = slot * SLOT_INTS;
    this.domains.push(entry.domain);
    this.traits.push(entry.traits);
    slots[at] = high;
    slots[at + 1] = low;
    slots[at + 2] = this.domains.length;
    slots[at + 3] = entry.count;
  }

  private entries(): Entry[] {
    const entries: Entry[] = [];
    for (let at = 0; at < this.slots.length; at += SLOT_INTS) {
      const entry = this.slots[at + 2] ?? 0;
      if (entry !== 0) entries.push({ domain: this.domains[entry - 1] ?? "", traits: this.traits[entry - 1] ?? PLAIN, count: this.slots[at + 3] ?? 0 });
    }
    return entries;
  }

  // A fresh table of `slotCount` slots holding `entries`.
  private rebuild(entries: readonly Entry[], slotCount: number): void {
    this.slots = new Int32Array(slotCount * SLOT_INTS);
    this.mask = slotCount - 1;
    this.domains = [];
    this.traits = [];
    for (const entry of entries) {
      hashText(entry.domain, this.hash);
      this.put(this.hash[0] ?? 0, this.hash[1] ?? 0, entry);
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
