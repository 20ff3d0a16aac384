import { describe, expect, it } from "vitest";
import { createRepeatFilter } from "../repeat-filter";

describe("createRepeatFilter", () => {
  it("writes the first line of a kind at once and counts its repeats within the window", () => {
    const filter = createRepeatFilter<string>({ windowMs: 1000 });
    const written = [0, 10, 20, 999].map((time) => filter.record("db down", time, `line at ${time}`).write);
    expect(written).toEqual([true, false, false, false]);
    expect(filter.flush(999)).toEqual([]); // the window is not over yet
    expect(filter.flush(1000)).toEqual([{ sample: "line at 0", repeated: 3, windowMs: 1000 }]);
  });

  it("writes the next line at once after a window ended, and starts counting afresh", () => {
    const filter = createRepeatFilter<string>({ windowMs: 1000 });
    filter.record("db down", 0, "a");
    filter.record("db down", 500, "b");
    filter.flush(1000);
    expect(filter.record("db down", 1500, "c")).toEqual({ write: true });
    filter.record("db down", 1600, "d");
    expect(filter.flush(2500)).toEqual([{ sample: "c", repeated: 1, windowMs: 1000 }]);
  });

  it("hands over the count of a window that ended unflushed along with the new first line", () => {
    const filter = createRepeatFilter<string>({ windowMs: 1000 });
    filter.record("db down", 0, "a");
    filter.record("db down", 1, "b");
    expect(filter.record("db down", 5000, "c")).toEqual({ write: true, ended: { sample: "a", repeated: 1, windowMs: 1000 } });
  });

  it("keeps different lines apart and says nothing about lines that did not repeat", () => {
    const filter = createRepeatFilter<string>({ windowMs: 1000 });
    expect([filter.record("a", 0, "a").write, filter.record("b", 1, "b").write, filter.record("a", 2, "a").write]).toEqual([true, true, false]);
    expect(filter.flush(5000)).toEqual([{ sample: "a", repeated: 1, windowMs: 1000 }]);
    expect(filter.pending).toBe(false);
  });

  it("sums up every open window when asked to, as a process exits", () => {
    const filter = createRepeatFilter<string>({ windowMs: 1000 });
    filter.record("a", 0, "a");
    filter.record("a", 1, "a");
    expect(filter.flush(2, { everything: true })).toEqual([{ sample: "a", repeated: 1, windowMs: 1000 }]);
  });
});
