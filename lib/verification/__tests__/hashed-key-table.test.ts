import { describe, expect, it } from "vitest";
import { hashAddress } from "../hash-string";
import { HashedKeySet, HashedKeyTable } from "../hashed-key-table";

describe("HashedKeyTable", () => {
  it("finds every key it stored, across several levels, and none it did not", () => {
    const table = new HashedKeyTable();
    const hash = new Uint32Array(2);
    const count = 700_000; // past the first two levels (2^18 and 2^19 slots at 75% load)
    for (let i = 0; i < count; i++) {
      hashAddress(`user${i}`, "example.com", hash);
      expect(table.get(hash[0] ?? 0, hash[1] ?? 0)).toBe(-1);
      table.add(hash[0] ?? 0, hash[1] ?? 0, i);
    }
    expect(table.size).toBe(count);
    let wrong = 0;
    for (let i = 0; i < count; i++) {
      hashAddress(`user${i}`, "example.com", hash);
      if (table.get(hash[0] ?? 0, hash[1] ?? 0) !== i) wrong++;
    }
    let falseHits = 0;
    for (let i = count; i < count * 2; i++) {
      hashAddress(`user${i}`, "example.com", hash);
      if (table.get(hash[0] ?? 0, hash[1] ?? 0) !== -1) falseHits++;
    }
    expect({ wrong, falseHits }).toEqual({ wrong: 0, falseHits: 0 });
    // 8 bytes a slot: the compact part of duplicate detection stays compact.
    expect(table.byteSize).toBeLessThanOrEqual(8 * 2 ** 21);
  });

  it("sizes its first level to the estimate, not to the next power of two, and holds that many keys in it", () => {
    const expected = 1_100_000; // 2^21 slots (16 MiB) before: 2^20 would be over 75 % full
    const table = new HashedKeyTable(expected);
    const hash = new Uint32Array(2);
    for (let i = 0; i < expected; i++) {
      hashAddress(`person${i}`, "acme-mail.com", hash);
      table.add(hash[0] ?? 0, hash[1] ?? 0, i);
    }
    expect(table.byteSize).toBeLessThanOrEqual(Math.ceil(expected / 0.75 / 16) * 16 * 8);
    let wrong = 0;
    for (let i = 0; i < expected; i += 7) {
      hashAddress(`person${i}`, "acme-mail.com", hash);
      if (table.get(hash[0] ?? 0, hash[1] ?? 0) !== i) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it("updates the value of the key it last found", () => {
    const table = new HashedKeyTable();
    table.add(1, 2, 10);
    expect(table.get(1, 2)).toBe(10);
    table.updateFound(0x8000_000a);
    expect(table.get(1, 2)).toBe(0x8000_000a);
  });

  it("keeps keys without values in 4 bytes a slot, across levels", () => {
    const set = new HashedKeySet();
    const hash = new Uint32Array(2);
    const count = 500_000; // past the first two levels
    let repeatsSeenAsNew = 0;
    for (let i = 0; i < count; i++) {
      hashAddress(`j.doe${i}`, "gmail.com", hash);
      if (set.addIfAbsent(hash[0] ?? 0, hash[1] ?? 0)) repeatsSeenAsNew++;
    }
    let missing = 0;
    for (let i = 0; i < count; i++) {
      hashAddress(`j.doe${i}`, "gmail.com", hash);
      if (!set.addIfAbsent(hash[0] ?? 0, hash[1] ?? 0)) missing++;
    }
    expect({ repeatsSeenAsNew, missing, size: set.size }).toEqual({ repeatsSeenAsNew: 0, missing: 0, size: count });
    expect(set.byteSize).toBeLessThanOrEqual(4 * 2 ** 20);
  });

  it("hashes the joined address, not the parts separately", () => {
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    hashAddress("ab", "c.com", a);
    hashAddress("a", "bc.com", b);
    expect([...a]).not.toEqual([...b]);
  });
});
