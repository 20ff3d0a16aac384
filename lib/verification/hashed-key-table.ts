// A set of 64-bit key hashes, each with a 32-bit value, in typed arrays: 8 bytes a slot
// instead of ~100 for a JS Map of strings, so 5M distinct addresses fit in ~65 MB.
//
// Layout: open addressing with linear probing; fingerprint and value sit side by side
// in one array so a probe touches one cache line. The slot index comes from the first hash
// half and the slot stores the second half as a fingerprint, so a false match needs both
// the fingerprint (32 bits) and the probe neighbourhood to agree: roughly a 50-bit hash,
// about one false duplicate per several hundred 5M-row files.
//
// Growth never rehashes (the first half is not stored, so it could not): a full level is
// frozen and a level twice its size is added. Lookups probe every level, which keeps peak
// memory at the sum of the levels with no copy-on-grow spike, but each level costs a
// cache miss on a lookup; a caller that can estimate the number of keys sizes the first
// level to hold them all.

const FIRST_LEVEL_BITS = 18;
// 2^24 slots = 128 MB: beyond this an estimate is more likely wrong than useful.
const MAX_FIRST_LEVEL_BITS = 24;
const MAX_LOAD = 0.75;
const EMPTY = 0;

type Level = {
  /** [fingerprint, value] pairs. */
  readonly slots: Uint32Array;
  readonly mask: number;
  readonly limit: number;
  count: number;
};

export class HashedKeyTable {
  private readonly levels: Level[] = [];
  private readonly firstLevelBits: number;
  private foundLevel: Level | null = null;
  private foundSlot = 0;

  /** `expectedKeys`, when known, sizes the first level so that one level holds them all. */
  constructor(expectedKeys = 0) {
    const wanted = Math.ceil(Math.log2(Math.max(1, expectedKeys) / MAX_LOAD));
    this.firstLevelBits = Math.min(MAX_FIRST_LEVEL_BITS, Math.max(FIRST_LEVEL_BITS, wanted));
  }

  /** The value stored for the key, or -1. Remembers the slot for `updateFound`. */
  get(high: number, low: number): number {
    const fingerprint = toFingerprint(low);
    for (const level of this.levels) {
      const { slots, mask } = level;
      let slot = high & mask;
      for (;;) {
        const stored = slots[slot * 2];
        if (stored === EMPTY) break;
        if (stored === fingerprint) {
          this.foundLevel = level;
          this.foundSlot = slot;
          return slots[slot * 2 + 1] ?? 0;
        }
        slot = (slot + 1) & mask;
      }
    }
    this.foundLevel = null;
    return -1;
  }

  /**
   * Read the slots where the keys in `hashes` ([high, low] pairs) start probing, so the
   * lookups that follow find them in the CPU caches. In a tight loop like this the CPU
   * waits for many of these reads at once; one at a time, each costs a full miss.
   * Returns a value made of what was read only so the reads cannot be optimised away.
   */
  warm(hashes: Uint32Array): number {
    let sink = 0;
    for (const { slots, mask } of this.levels) {
      for (let i = 0; i < hashes.length; i += 2) sink ^= slots[((hashes[i] ?? 0) & mask) * 2] ?? 0;
    }
    return sink;
  }

  /** Store a key that `get` just reported absent. */
  add(high: number, low: number, value: number): void {
    let level = this.levels[this.levels.length - 1];
    if (level === undefined || level.count >= level.limit) {
      level = createLevel(level === undefined ? this.firstLevelBits : Math.log2(level.mask + 1) + 1);
      this.levels.push(level);
    }
    let slot = high & level.mask;
    while (level.slots[slot * 2] !== EMPTY) slot = (slot + 1) & level.mask;
    level.slots[slot * 2] = toFingerprint(low);
    level.slots[slot * 2 + 1] = value;
    level.count++;
  }

  /** Overwrite the value of the key the last successful `get` found. */
  updateFound(value: number): void {
    if (this.foundLevel === null) throw new Error("updateFound called without a successful get");
    this.foundLevel.slots[this.foundSlot * 2 + 1] = value;
  }

  /** Bytes held by the typed arrays, for benchmarks and tests. */
  get byteSize(): number {
    return this.levels.reduce((sum, level) => sum + level.slots.byteLength, 0);
  }

  get size(): number {
    return this.levels.reduce((sum, level) => sum + level.count, 0);
  }
}

function createLevel(bits: number): Level {
  const size = 2 ** bits;
  return {
    slots: new Uint32Array(size * 2),
    mask: size - 1,
    limit: Math.floor(size * MAX_LOAD),
    count: 0,
  };
}

// Zero marks an empty slot, so a hash half of zero is stored as one.
function toFingerprint(low: number): number {
  return low === 0 ? 1 : low >>> 0;
}
