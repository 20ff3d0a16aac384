// A set of 64-bit key hashes, each with a 32-bit value, in typed arrays: 8 bytes a slot
// instead of ~100 for a JS Map of strings, so 5M distinct addresses fit in ~55 MB.
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
// level to hold them all. That level is sized to the estimate, not rounded up to a power
// of two (which cost up to 2× the memory): the index is the first half scaled to the size.

const FIRST_LEVEL_SLOTS = 2 ** 18;
// 2^24 slots = 128 MB: beyond this an estimate is more likely wrong than useful.
const MAX_FIRST_LEVEL_SLOTS = 2 ** 24;
const MAX_LOAD = 0.75;
const EMPTY = 0;
const TWO_TO_MINUS_32 = 2 ** -32;

type Level = {
  /** [fingerprint, value] pairs. */
  readonly slots: Uint32Array;
  readonly size: number;
  readonly limit: number;
  count: number;
};

export class HashedKeyTable {
  private readonly levels: Level[] = [];
  private readonly firstLevelSlots: number;
  private foundLevel: Level | null = null;
  private foundSlot = 0;

  /** `expectedKeys`, when known, sizes the first level so that one level holds them all. */
  constructor(expectedKeys = 0) {
    this.firstLevelSlots = firstLevelSlots(expectedKeys);
  }

  /** The value stored for the key, or -1. Remembers the slot for `updateFound`. */
  get(high: number, low: number): number {
    const fingerprint = toFingerprint(low);
    for (const level of this.levels) {
      const { slots, size } = level;
      let slot = slotOf(high, size);
      for (;;) {
        const stored = slots[slot * 2];
        if (stored === EMPTY) break;
        if (stored === fingerprint) {
          this.foundLevel = level;
          this.foundSlot = slot;
          return slots[slot * 2 + 1] ?? 0;
        }
        slot = slot + 1 === size ? 0 : slot + 1;
      }
    }
    this.foundLevel = null;
    return -1;
  }

  /**
   * Read the slots where the keys in `hashes` ([high, low] pairs, one every `stride`
   * numbers from `offset`) start probing, so the
   * lookups that follow find them in the CPU caches. In a tight loop like this the CPU
   * waits for many of these reads at once; one at a time, each costs a full miss.
   * Returns a value made of what was read only so the reads cannot be optimised away.
   */
  warm(hashes: Uint32Array, stride = 2, offset = 0): number {
    return warmLevels(this.levels, 2, hashes, stride, offset);
  }

  /** Store a key that `get` just reported absent. */
  add(high: number, low: number, value: number): void {
    let level = this.levels[this.levels.length - 1];
    if (level === undefined || level.count >= level.limit) {
      level = createLevel(level === undefined ? this.firstLevelSlots : level.size * 2, 2);
      this.levels.push(level);
    }
    let slot = slotOf(high, level.size);
    while (level.slots[slot * 2] !== EMPTY) slot = slot + 1 === level.size ? 0 : slot + 1;
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
    return byteSizeOf(this.levels);
  }

  get size(): number {
    return this.levels.reduce((sum, level) => sum + level.count, 0);
  }
}

/**
 * The same, for keys with no value: 4 bytes a slot. Used for the spellings that differ
 * from their mailbox (dotted Gmail addresses), where only "seen before?" matters.
 */
export class HashedKeySet {
  private readonly levels: Level[] = [];
  private readonly firstLevelSlots: number;

  constructor(expectedKeys = 0) {
    this.firstLevelSlots = firstLevelSlots(expectedKeys);
  }

  /** Add the key; true if it was there already. */
  addIfAbsent(high: number, low: number): boolean {
    const fingerprint = toFingerprint(low);
    for (const { slots, size } of this.levels) {
      let slot = slotOf(high, size);
      for (let stored = slots[slot]; stored !== EMPTY; stored = slots[slot]) {
        if (stored === fingerprint) return true;
        slot = slot + 1 === size ? 0 : slot + 1;
      }
    }
    let level = this.levels[this.levels.length - 1];
    if (level === undefined || level.count >= level.limit) {
      level = createLevel(level === undefined ? this.firstLevelSlots : level.size * 2, 1);
      this.levels.push(level);
    }
    let slot = slotOf(high, level.size);
    while (level.slots[slot] !== EMPTY) slot = slot + 1 === level.size ? 0 : slot + 1;
    level.slots[slot] = fingerprint;
    level.count++;
    return false;
  }

  /** HashedKeyTable.warm, for this set. */
  warm(hashes: Uint32Array, stride = 2, offset = 0): number {
    return warmLevels(this.levels, 1, hashes, stride, offset);
  }

  get byteSize(): number {
    return byteSizeOf(this.levels);
  }

  get size(): number {
    return this.levels.reduce((sum, level) => sum + level.count, 0);
  }
}

function warmLevels(levels: readonly Level[], wordsPerSlot: 1 | 2, hashes: Uint32Array, stride: number, offset: number): number {
  let sink = 0;
  for (const { slots, size } of levels) {
    for (let i = offset; i < hashes.length; i += stride) sink ^= slots[slotOf(hashes[i] ?? 0, size) * wordsPerSlot] ?? 0;
  }
  return sink;
}

function firstLevelSlots(expectedKeys: number): number {
  // A multiple of 16 slots: whole 64-byte cache lines.
  const wanted = Math.ceil(Math.max(0, expectedKeys) / MAX_LOAD / 16) * 16;
  return Math.min(MAX_FIRST_LEVEL_SLOTS, Math.max(FIRST_LEVEL_SLOTS, wanted));
}

function createLevel(size: number, wordsPerSlot: 1 | 2): Level {
  return { slots: new Uint32Array(size * wordsPerSlot), size, limit: Math.floor(size * MAX_LOAD), count: 0 };
}

function byteSizeOf(levels: readonly Level[]): number {
  return levels.reduce((sum, level) => sum + level.slots.byteLength, 0);
}

// The first hash half scaled to [0, size): any size, not only powers of two. The product
// is up to 2^59, past a double's 53 exact bits, but the result stays below `size` (it
// would take an error of size/2^32 to reach it) and is the same on every call.
function slotOf(high: number, size: number): number {
  return Math.floor((high >>> 0) * size * TWO_TO_MINUS_32);
}

// Zero marks an empty slot, so a hash half of zero is stored as one.
function toFingerprint(low: number): number {
  return low === 0 ? 1 : low >>> 0;
}
