// A first look at a file's opening bytes while it streams in: text or binary, and
// which byte-order mark it starts with. The processor decides the rest (encoding
// without BOM, delimiter); extension and Content-Type are never trusted for this.

/** How many opening bytes are kept for sniffing. */
export const SNIFF_BYTES = 8 * 1024;

export type ByteOrderMark = "utf-8" | "utf-16le" | "utf-16be";

export type ContentSniff = {
  /** False for content no text file starts with (NUL bytes, control characters, known binary formats). */
  looksLikeText: boolean;
  bom: ByteOrderMark | null;
};

// Formats people drop by mistake instead of a CSV; some have no NUL byte early on.
const BINARY_SIGNATURES: readonly number[][] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // zip, xlsx, docx
  [0x1f, 0x8b], // gzip
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0xd0, 0xcf, 0x11, 0xe0], // legacy Office (xls)
];

/** Sniffs `head`, the first bytes of a file (up to SNIFF_BYTES). An empty file counts as text. */
export function sniffContent(head: Uint8Array): ContentSniff {
  const bom = byteOrderMark(head);
  // UTF-16 is full of NUL bytes; with a BOM it is still text.
  if (bom === "utf-16le" || bom === "utf-16be") return { looksLikeText: true, bom };
  if (BINARY_SIGNATURES.some((signature) => startsWith(head, signature))) return { looksLikeText: false, bom };

  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return { looksLikeText: false, bom };
    if (byte < 0x20 && !ALLOWED_CONTROLS.has(byte)) controls += 1;
  }
  // A stray control character is survivable (old exports end with ^Z); many are not text.
  return { looksLikeText: controls * 50 <= head.length, bom };
}

// Tab, LF, VT, FF, CR, SUB (DOS end-of-file), ESC.
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b]);

function byteOrderMark(head: Uint8Array): ByteOrderMark | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return "utf-8";
  if (startsWith(head, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(head, [0xfe, 0xff])) return "utf-16be";
  return null;
}

function startsWith(head: Uint8Array, signature: readonly number[]): boolean {
  return head.length >= signature.length && signature.every((byte, index) => head[index] === byte);
}
