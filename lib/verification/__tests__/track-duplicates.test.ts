// Duplicate detection: exact repeats, the same Gmail mailbox under another spelling, and
// the batch path (checkAll, which hashes and warms the table first) agreeing with check.
import { describe, expect, it } from "vitest";
import { analyzeAddress } from "../analyze-address";
import { type AddressKeys, type DuplicateCheck, DuplicateTracker } from "../track-duplicates";

const addresses = [
  "ann@acme.com",
  "j.doe@gmail.com",
  "ANN@acme.com", // same address, other case
  "jdoe@gmail.com", // same Gmail mailbox as j.doe@
  "jdoe+news@googlemail.com", // and again
  "j.doe@gmail.com", // an exact repeat of the first spelling
  "bob@acme.com",
  "jdoe@gmail.com", // an exact repeat of a later spelling
];

function keysOf(list: readonly string[]): AddressKeys[] {
  return list.map((address) => {
    const analysis = analyzeAddress(address);
    if (analysis.verdict === "invalid") throw new Error(`${address} should be valid`);
    return analysis;
  });
}

const expected: DuplicateCheck[] = [
  { kind: "first" },
  { kind: "first" },
  { kind: "duplicate", firstLine: 1 },
  { kind: "alias_duplicate", firstLine: 2 },
  { kind: "alias_duplicate", firstLine: 2 },
  { kind: "duplicate", firstLine: 2 },
  { kind: "first" },
  { kind: "duplicate", firstLine: 2 },
];

describe("DuplicateTracker", () => {
  it("tells exact repeats from other spellings of the same mailbox", () => {
    const tracker = new DuplicateTracker();
    expect(keysOf(addresses).map((keys, index) => tracker.check(keys, index + 1))).toEqual(expected);
  });

  it("answers the same for a batch at a time, across batches, skipping empty entries", () => {
    const tracker = new DuplicateTracker(1_000);
    const keys = keysOf(addresses);
    const lines = addresses.map((_, index) => index + 1);
    const first = tracker.checkAll([...keys.slice(0, 3), null], [...lines.slice(0, 3), 0]);
    const second = tracker.checkAll(keys.slice(3), lines.slice(3));
    expect([...first, ...second]).toEqual([...expected.slice(0, 3), null, ...expected.slice(3)]);
  });
});
