// Streams CSV records out of decoded text with papaparse, in batches (one per text
// chunk, ~1,000 rows), each row with the line it starts on. Holding the text stream
// while batches wait keeps memory bounded whatever the size of the file.
import type { Readable } from "node:stream";
import Papa from "papaparse";
import { ContactListError } from "./contact-list-error";
import { collectIssues, recoverSwallowedLines } from "./recover-swallowed-lines";
import type { CsvFormat } from "./sniff-csv-format";

export type RowParseIssue = "invalid_quotes" | "missing_quotes";

export type CsvBatch = {
  readonly rows: readonly string[][];
  /** 1-based physical line where each row starts (a quoted value may span lines). */
  readonly lines: readonly number[];
  /** Quoting problems papaparse found, by index in `rows`; null when there are none. */
  readonly issues: ReadonlyMap<number, RowParseIssue> | null;
};

// Batches parsed ahead of the consumer before the text stream is paused.
const MAX_QUEUED_BATCHES = 2;
// A record this long is a runaway quoted value, not a contact; see record_too_large.
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/** Parse `text` (a stream of strings) into row batches. Ends the stream when the caller stops early. */
export async function* readCsvBatches(text: Readable, format: CsvFormat, signal?: AbortSignal): AsyncGenerator<CsvBatch> {
  const queue: CsvBatch[] = [];
  // Shared with papaparse's callbacks; an object so TypeScript does not narrow it away.
  const state: { done: boolean; failure: { error: unknown } | null; wake: (() => void) | null } = {
    done: false,
    failure: null,
    wake: null,
  };
  const notify = () => {
    const resolve = state.wake;
    state.wake = null;
    resolve?.();
  };
  const fail = (error: unknown) => {
    state.failure ??= { error };
    text.pause();
    notify();
  };

  let nextLine = 1;
  let charsWithoutRows = 0;
  // Until a quote character shows up, no value can span lines, so lines are row numbers.
  let quoteSeen = false;
  const newlineCharacter = format.newline === "\r" ? "\r" : "\n";

  // Registered before papaparse's own listener so it sees each chunk before it is parsed.
  text.on("data", (chunk: string) => {
    if (!quoteSeen && chunk.includes('"')) quoteSeen = true;
    charsWithoutRows += chunk.length;
    if (charsWithoutRows > MAX_RECORD_CHARS) {
      fail(
        new ContactListError(
          "record_too_large",
          `The record starting on line ${nextLine} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB. ` +
            "This usually means a quote (\") that is never closed.",
          { line: nextLine },
        ),
      );
    }
  });
  const onAbort = () => fail(signal?.reason);
  signal?.addEventListener("abort", onAbort);

  Papa.parse<string[]>(text, {
    delimiter: format.delimiter,
    newline: format.newline,
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    chunk: (results) => {
      if (state.failure !== null) return;
      const { rows, issues } = recoverSwallowedLines(results.data, collectIssues(results.errors), format);
      if (rows.length > 0) charsWithoutRows = 0;
      const lines = new Array<number>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        lines[i] = nextLine;
        nextLine += quoteSeen ? 1 + countLineBreaks(rows[i] ?? [], newlineCharacter) : 1;
      }
      queue.push({ rows, lines, issues });
      if (queue.length >= MAX_QUEUED_BATCHES) text.pause();
      notify();
    },
    complete: () => {
      state.done = true;
      notify();
    },
    error: (error: Error) => fail(error),
  });

  try {
    for (;;) {
      const batch = queue.shift();
      if (batch !== undefined) {
        yield batch;
        continue;
      }
      if (state.failure !== null) throw state.failure.error;
      if (state.done) return;
      if (text.isPaused()) text.resume();
      await new Promise<void>((resolve) => {
        state.wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    text.destroy();
  }
}

function countLineBreaks(row: readonly string[], newlineCharacter: string): number {
  let breaks = 0;
  for (const value of row) {
    let at = value.indexOf(newlineCharacter);
    while (at !== -1) {
      breaks++;
      at = value.indexOf(newlineCharacter, at + 1);
    }
  }
  return breaks;
}
