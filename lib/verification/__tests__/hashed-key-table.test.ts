import { describe, expect, it } from "vitest";
import { hashAddress } from "../hash-string";
import { HashedKeyTable } from "../hashed-key-table";

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

  it("updates the value of the key it last found", () => {
    const table = new HashedKeyTable();
    table.add(1, 2, 10);
    expect(table.get(1, 2)).toBe(10);
    table.updateFound(0x8000_000a);
    expect(table.get(1, 2)).toBe(0x8000_000a);
  });

  it("hashes the joined address, not the parts separately", () => {
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    hashAddress("ab", "c.com", a);
    hashAddress("a", "bc.com", b);
    expect([...a]).not.toEqual([...b]);
  });
});
