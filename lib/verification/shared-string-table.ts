// A workbook's shared strings (every distinct text, which cells point to by index) kept
// as UTF-8 in one growing buffer with an end offset per string, instead of one
// JavaScript string each: about half the memory, outside the garbage-collected heap, and
// a size that can be capped. BENCHMARKS.md (bench:verify, .xlsx) has the measurements.

const FIRST_BYTES = 1024 * 1024;
const FIRST_STRINGS = 64 * 1024;

export class SharedStringTable {
  private bytes: Buffer = Buffer.allocUnsafe(FIRST_BYTES);
  private ends = new Uint32Array(FIRST_STRINGS);
  private length = 0;
  private used = 0;

  /** Bytes of text held. */
  get size(): number {
    return this.used;
  }

  push(text: string): void {
    const needed = Buffer.byteLength(text);
    if (this.used + needed > this.bytes.length) this.bytes = grow(this.bytes, this.used, this.used + needed);
    if (this.length === this.ends.length) {
      const ends = new Uint32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.used += this.bytes.write(text, this.used);
    this.ends[this.length++] = this.used;
  }

  /** The text at `index`; undefined past the end, as an array would answer. */
  at(index: number): string | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const start = index === 0 ? 0 : (this.ends[index - 1] ?? 0);
    return this.bytes.toString("utf8", start, this.ends[index]);
  }

  /** A read-only array look-alike (`strings[7]`) for code that indexes the table. */
  asIndexable(): Readonly<Record<number, string | undefined>> {
    return new Proxy({} as Record<number, string | undefined>, {
      get: (_target, key) => (typeof key === "string" ? this.at(Number(key)) : undefined),
    });
  }
}

function grow(bytes: Buffer, used: number, needed: number): Buffer {
  let length = bytes.length * 2;
  while (length < needed) length *= 2;
  const next = Buffer.allocUnsafe(length);
  bytes.copy(next, 0, 0, used);
  return next;
}
