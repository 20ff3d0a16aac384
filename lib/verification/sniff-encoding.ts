// Decide how a file's bytes become text, from its first bytes, and refuse files that are
// not text at all (a spreadsheet, a PDF, an image) with a message saying what they are.
import { isUtf8 } from "node:buffer";
import { ContactListError } from "./contact-list-error";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export type EncodingSniff = {
  readonly encoding: TextEncoding;
  /** Bytes of byte-order mark to skip (0 when there is none). */
  readonly bomLength: number;
};

const signatures: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive or an Excel/OpenDocument workbook (.xlsx, .ods). Save it as CSV and upload that" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel or Word document (.xls, .doc). Save it as CSV and upload that" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x1f, 0x8b], what: "a gzip-compressed file. Decompress it and upload the CSV inside" },
];

/** Encoding of a file from its first bytes (ideally 64 KB). Throws for empty and binary files. */
export function sniffEncoding(head: Uint8Array): EncodingSniff {
  if (head.length === 0) throw new ContactListError("empty_file", "The file is empty.");
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: "utf-8", bomLength: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: "utf-16le", bomLength: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: "utf-16be", bomLength: 2 };
  for (const signature of signatures) {
    if (startsWith(head, signature.bytes)) {
      throw new ContactListError("not_text", `This is not a CSV file: it looks like ${signature.what}.`);
    }
  }
  const utf16 = guessBomlessUtf16(head);
  if (utf16 !== null) return { encoding: utf16, bomLength: 0 };
  return { encoding: isUtf8(head.subarray(0, completeUtf8Length(head))) ? "utf-8" : "windows-1252", bomLength: 0 };
}

/** Throws when decoded text holds NUL or many control characters: binary data read as text. */
export function assertLooksLikeText(sample: string): void {
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) throw notText();
    // Tab, LF, FF and CR are ordinary in text files.
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) controls++;
  }
  if (controls > sample.length / 100) throw notText();
}

/** Length of `bytes` without a UTF-8 sequence cut off at the end. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  // A sequence is at most 4 bytes, so its lead byte is within the last 4.
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + needed > end ? i : end;
  }
  return end;
}

// Text saved as UTF-16 without a BOM still shows itself: ASCII characters leave a zero
// in every other byte.
function guessBomlessUtf16(head: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sampleLength = Math.min(head.length, 4096) & ~1;
  if (sampleLength < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sampleLength; i += 2) {
    if (head[i] === 0) zeroEven++;
    if (head[i + 1] === 0) zeroOdd++;
  }
  const pairs = sampleLength / 2;
  if (zeroOdd > pairs * 0.7 && zeroEven < pairs * 0.1) return "utf-16le";
  if (zeroEven > pairs * 0.7 && zeroOdd < pairs * 0.1) return "utf-16be";
  return null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function notText(): ContactListError {
  return new ContactListError("not_text", "This is not a text file, so it cannot be read as CSV. Export your list as CSV and upload that.");
}
