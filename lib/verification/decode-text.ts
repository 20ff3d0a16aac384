// Turns the byte chunks of a file into text chunks, keeping characters that straddle a
// chunk boundary intact.
import { isUtf8 } from "node:buffer";
import { completeUtf8Length, type EncodingSniff, type TextEncoding } from "./sniff-encoding";

export type ChunkDecoder = {
  /** Text of `bytes`; an incomplete character at the end waits for the next call. */
  decode(bytes: Uint8Array): string;
  /** Whatever is left at the end of the file. */
  flush(): string;
  /** The encoding in use now; UTF-8 may give way to Windows-1252 part-way (see below). */
  readonly encoding: TextEncoding;
};

export function createChunkDecoder(sniff: EncodingSniff): ChunkDecoder {
  if (sniff.encoding === "utf-8") return new Utf8OrLatinDecoder(sniff.bomLength);
  return new StandardDecoder(sniff.encoding, sniff.bomLength);
}

class StandardDecoder implements ChunkDecoder {
  private readonly decoder: TextDecoder;
  private bomToSkip: number;

  constructor(
    readonly encoding: TextEncoding,
    bomLength: number,
  ) {
    // ignoreBOM keeps U+FEFF in the text; the BOM itself is dropped by byte count instead.
    this.decoder = new TextDecoder(encoding, { ignoreBOM: true });
    this.bomToSkip = bomLength;
  }

  decode(bytes: Uint8Array): string {
    return this.decoder.decode(this.skipBom(bytes), { stream: true });
  }

  flush(): string {
    return this.decoder.decode();
  }

  private skipBom(bytes: Uint8Array): Uint8Array {
    if (this.bomToSkip === 0) return bytes;
    const skip = Math.min(this.bomToSkip, bytes.length);
    this.bomToSkip -= skip;
    return bytes.subarray(skip);
  }
}

// A file that looked like UTF-8 in its first 64 KB may turn out to be Latin-1 further
// down (an accented name on row 90,000 of an old export). The input cannot be rewound,
// so from the first invalid chunk on, the rest is read as Windows-1252, the superset of
// Latin-1 that spreadsheets write. Everything before was valid UTF-8 — in a Latin-1
// file that means plain ASCII — so no text already read changes meaning.
class Utf8OrLatinDecoder implements ChunkDecoder {
  encoding: TextEncoding = "utf-8";
  private readonly latin = new TextDecoder("windows-1252");
  private carry: Uint8Array = new Uint8Array(0);
  private bomToSkip: number;

  constructor(bomLength: number) {
    this.bomToSkip = bomLength;
  }

  decode(chunk: Uint8Array): string {
    let bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    if (this.bomToSkip > 0) {
      const skip = Math.min(this.bomToSkip, bytes.length);
      this.bomToSkip -= skip;
      bytes = bytes.subarray(skip);
    }
    if (this.encoding === "windows-1252") {
      this.carry = new Uint8Array(0);
      return this.latin.decode(bytes);
    }
    const complete = completeUtf8Length(bytes);
    const body = bytes.subarray(0, complete);
    if (!isUtf8(body)) {
      this.encoding = "windows-1252";
      this.carry = new Uint8Array(0);
      return this.latin.decode(bytes);
    }
    // Copy the few carried bytes so the caller's buffer can be reused or freed.
    this.carry = Uint8Array.from(bytes.subarray(complete));
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  }

  flush(): string {
    const rest = this.carry;
    this.carry = new Uint8Array(0);
    // A sequence cut off by the end of the file is not UTF-8; show its bytes as Latin-1.
    return rest.length === 0 ? "" : this.latin.decode(rest);
  }
}
