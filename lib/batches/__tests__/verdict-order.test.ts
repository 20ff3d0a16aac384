import { describe, expect, it } from "vitest";
import { orderedVerdicts } from "../verdict-order";

describe("orderedVerdicts", () => {
  it("reads valid → risky → invalid → duplicates whatever order the stats were stored in", () => {
    // Stats are summed in the order the processor met the verdicts: risky first here.
    const entries = orderedVerdicts({ risky: 2, duplicate: 1, valid: 5, invalid: 1 });
    expect(entries.map((entry) => `${entry.label} ${entry.count}`)).toEqual(["Valid 5", "Risky 2", "Invalid 1", "Duplicates 1"]);
  });

  it("keeps a verdict the cards do not know, after the known ones", () => {
    expect(orderedVerdicts({ unknown: 3, valid: 1 }).map((entry) => entry.key)).toEqual(["valid", "risky", "invalid", "duplicate", "unknown"]);
  });
});
