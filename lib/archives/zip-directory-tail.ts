// The entries of a zip, read from its central directory while the file streams past.
// Only the last bytes are kept (the directory sits at the end of a zip), so a zip of any
// size costs a bounded amount of memory and no second read of the stored file.
// Why not the local headers in front of each entry: a zip written to a pipe puts each
// entry's sizes after its data (general-purpose flag bit 3), so where the next entry
// starts is only known by inflating the data; the directory has every name and size.

import type { ZipEntryName } from "./zip-list-rule";

/** Enough for the end record, a comment and a directory of a few thousand entries. */
export const ZIP_TAIL_BYTES = 256 * 1024;

const END_OF_DIRECTORY = 0x06054b50;
const END_OF_DIRECTORY_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const DIRECTORY_ENTRY = 0x02014b50;
const DIRECTORY_ENTRY_BYTES = 46;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_LOCATOR_BYTES = 20;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;

/** Keeps the last bytes of a stream, chunk by chunk, to read the zip's directory at the end. */
export class ZipDirectoryTail {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly maxBytes = ZIP_TAIL_BYTES) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.kept += chunk.length;
    this.total += chunk.length;
    // Drop whole chunks from the front while what is left still covers maxBytes.
    while (this.chunks.length > 1 && this.kept - (this.chunks[0]?.length ?? 0) >= this.maxBytes) {
      this.kept -= this.chunks.shift()?.length ?? 0;
    }
  }

  /** The entries, or null when the stream's end is not a zip directory that fits in the kept bytes. */
  entries(): ZipEntryName[] | null {
    const kept = Buffer.concat(this.chunks, this.kept);
    return readZipDirectory(kept.subarray(Math.max(0, kept.length - this.maxBytes)), this.total);
  }
}

type Directory = { count: number; size: number; offset: number };

/**
 * Reads the central directory out of `tail`, the last bytes of a zip of `fileBytes`
 * bytes. Null when the end record is missing, the directory starts before `tail` or
 * anything in it does not add up: the caller then knows nothing, which is not a verdict.
 */
export function readZipDirectory(tail: Buffer, fileBytes: number): ZipEntryName[] | null {
  const end = findEndOfDirectory(tail);
  if (end === null) return null;
  const tailStart = fileBytes - tail.length;
  const directory = readEndRecord(tail, end, tailStart);
  if (directory === null) return null;
  const start = directory.offset - tailStart;
  const stop = start + directory.size;
  if (start < 0 || stop > end) return null;

  const entries: ZipEntryName[] = [];
  let at = start;
  for (let index = 0; index < directory.count; index += 1) {
    if (at + DIRECTORY_ENTRY_BYTES > stop || tail.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
    const uncompressedSize = tail.readUInt32LE(at + 24);
    const nameLength = tail.readUInt16LE(at + 28);
    const next = at + DIRECTORY_ENTRY_BYTES + nameLength + tail.readUInt16LE(at + 30) + tail.readUInt16LE(at + 32);
    if (next > stop) return null;
    // Names as UTF-8 whatever the flag says, as the worker's unzipper reads them.
    const name = tail.toString("utf8", at + DIRECTORY_ENTRY_BYTES, at + DIRECTORY_ENTRY_BYTES + nameLength);
    entries.push({ name, directory: uncompressedSize === 0 && /[/\\]$/.test(name) });
    at = next;
  }
  return entries;
}

// The end record is 22 bytes plus a comment of up to 64 KiB; search back from the end
// for its signature with a comment length that reaches the end exactly.
function findEndOfDirectory(tail: Buffer): number | null {
  const last = tail.length - END_OF_DIRECTORY_BYTES;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT_BYTES; at -= 1) {
    if (tail.readUInt32LE(at) === END_OF_DIRECTORY && at + END_OF_DIRECTORY_BYTES + tail.readUInt16LE(at + 20) === tail.length) return at;
  }
  return null;
}

function readEndRecord(tail: Buffer, end: number, tailStart: number): Directory | null {
  const directory = { count: tail.readUInt16LE(end + 10), size: tail.readUInt32LE(end + 12), offset: tail.readUInt32LE(end + 16) };
  const saturated = directory.count === 0xffff || directory.size === 0xffffffff || directory.offset === 0xffffffff;
  if (!saturated) return directory;
  // Zip64: a locator just before the end record points at the larger end record.
  const locator = end - ZIP64_LOCATOR_BYTES;
  if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) return null;
  const record = Number(tail.readBigUInt64LE(locator + 8)) - tailStart;
  if (record < 0 || record + 56 > locator || tail.readUInt32LE(record) !== ZIP64_END_OF_DIRECTORY) return null;
  return {
    count: Number(tail.readBigUInt64LE(record + 32)),
    size: Number(tail.readBigUInt64LE(record + 40)),
    offset: Number(tail.readBigUInt64LE(record + 48)),
  };
}
