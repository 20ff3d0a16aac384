// Folds repeats of one log line into a count. While the database is away every poll
// of every queue fails the same way, and the logs got thousands of identical error
// lines a minute; what an operator needs is the first one, at once, and then how many
// more there were. A line's key says what makes two lines "the same" (lib/log.ts).

export type RepeatSummary<Sample> = {
  /** The first line of the run, which was logged. */
  sample: Sample;
  /** Identical lines left out after it. */
  repeated: number;
  /** From the first line to the end of the window. */
  windowMs: number;
};

type Run<Sample> = { startedAt: number; repeated: number; sample: Sample };

/**
 * `record()` says whether a line should be written now: the first of its kind in a
 * window is, the rest are only counted. `flush()` ends the windows that are over and
 * returns a summary for each that left lines out; the next line of that kind is then
 * written at once again.
 */
export function createRepeatFilter<Sample>({ windowMs }: { windowMs: number }) {
  const runs = new Map<string, Run<Sample>>();

  const summarise = (run: Run<Sample>): RepeatSummary<Sample> => ({ sample: run.sample, repeated: run.repeated, windowMs });

  return {
    record(key: string, now: number, sample: Sample): { write: boolean; ended?: RepeatSummary<Sample> } {
      const run = runs.get(key);
      if (run && now - run.startedAt < windowMs) {
        run.repeated += 1;
        return { write: false };
      }
      runs.set(key, { startedAt: now, repeated: 0, sample });
      // A window that ended without a flush: its count goes out before the new first line.
      return run && run.repeated > 0 ? { write: true, ended: summarise(run) } : { write: true };
    },

    /** Ends the windows that are over at `now` (all of them with `everything`, as a process exits). */
    flush(now: number, { everything = false } = {}): RepeatSummary<Sample>[] {
      const summaries: RepeatSummary<Sample>[] = [];
      for (const [key, run] of runs) {
        if (!everything && now - run.startedAt < windowMs) continue;
        runs.delete(key);
        if (run.repeated > 0) summaries.push(summarise(run));
      }
      return summaries;
    },

    /** Whether a later flush may still have something to say. */
    get pending(): boolean {
      return runs.size > 0;
    },
  };
}
