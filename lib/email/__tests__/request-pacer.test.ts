// The shared requests-per-second budget, against the real database.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createRequestPacer } from "../request-pacer";

/** A pacer whose waits are counted (and kept short, so the test stays quick). */
function countingPacer(key: string, perSecond: number) {
  const waits: number[] = [];
  const pace = createRequestPacer({ key, perSecond, wait: (ms) => (waits.push(ms), sleep(50)) });
  return { pace, waits };
}

describe("createRequestPacer", () => {
  it("lets the budget through at once and makes the next request wait for the next window", async () => {
    const { pace, waits } = countingPacer(`test:${randomUUID()}`, 2);
    await pace();
    await pace();
    expect(waits).toHaveLength(0);
    await pace();
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((ms) => ms > 0 && ms <= 1000)).toBe(true);
  });

  it("shares one budget between pacers with the same key, as separate processes would", async () => {
    const key = `test:${randomUUID()}`;
    const first = countingPacer(key, 1);
    const second = countingPacer(key, 1);
    await first.pace();
    await second.pace();
    expect(first.waits).toHaveLength(0);
    expect(second.waits.length).toBeGreaterThan(0);
  });
});
