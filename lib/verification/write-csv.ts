// CSV output: quoting, spreadsheet-formula neutralising and buffered, backpressure-aware
// writing to a Writable.
import type { Writable } from "node:stream";
import { waitForDrain } from "../streams/wait-for-drain";
import { MAY_START_FORMULA, neutraliseFormulas } from "./neutralise-formulas";
import type { CsvDelimiter } from "./sniff-csv-format";

/** Formats one cell: quoted for the file's delimiter, formulas neutralised (see neutralise-formulas.ts). */
export type CellFormatter = (value: string) => string;

export type CellFormatters = {
  /** For the first cell of a line. */
  readonly first: CellFormatter;
  /** For every other cell. */
  readonly next: CellFormatter;
};

export function createCellFormatters(delimiter: CsvDelimiter): CellFormatters {
  const special = delimiter === "," ? '",\r\n' : delimiter === ";" ? '";\r\n' : '"\t\r\n';
  // One test for the common case, a cell that needs neither an apostrophe nor quotes.
  const needsWork = new RegExp(`${MAY_START_FORMULA.source}|[${special}]`);
  const needsQuotes = new RegExp(`[${special}]`);
  const create =
    (firstOnLine: boolean): CellFormatter =>
    (value) => {
      if (!needsWork.test(value)) return value;
      const safe = MAY_START_FORMULA.test(value) ? neutraliseFormulas(value, firstOnLine) : value;
      return needsQuotes.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    };
  return { first: create(true), next: create(false) };
}

// Writes go out in pieces of about this many characters: one stream write per row would
// spend more time in stream bookkeeping than in formatting.
const FLUSH_AT = 64 * 1024;
// Backpressure threshold. A file stream says "wait" past 16 KB; waiting that early
// leaves the CPU idle while the disk catches up, so writing goes on until this much is
// queued. Memory stays bounded by it either way.
const MAX_QUEUED_BYTES = 1024 * 1024;
const OUTPUT_CLOSED = "The output stream closed before all results were written.";

export class CsvOutput {
  // Pieces joined once per flush: cheaper for V8 than flattening a long `+=` rope.
  private pending: string[] = [];
  private pendingLength = 0;
  private failure: Error | null = null;
  // Without a listener, an 'error' between two writes would crash the process.
  private readonly onError = (error: Error) => {
    this.failure ??= error;
  };

  constructor(
    private readonly stream: Writable,
    private readonly signal: AbortSignal | undefined,
  ) {
    stream.on("error", this.onError);
  }

  /** Stop listening for errors: the caller owns the stream again. */
  release(): void {
    this.stream.off("error", this.onError);
  }

  /** Queue text; call `flushIfFull` once per batch of rows. */
  append(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
  }

  async flushIfFull(): Promise<void> {
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingLength = 0;
    const failure = this.failure ?? this.stream.errored;
    if (failure !== null) throw failure;
    this.stream.write(text);
    if (this.stream.writableLength >= MAX_QUEUED_BYTES) await waitForDrain(this.stream, { signal: this.signal, closedMessage: OUTPUT_CLOSED });
  }

  /** Write the rest, end the stream and wait until it has flushed everything. */
  async end(): Promise<void> {
    await this.flush();
    // end's callback runs on 'finish', or with the error when the stream fails.
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}

