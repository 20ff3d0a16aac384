// The part of unzipper's streaming parser Tidings uses (the package ships no types).
declare module "unzipper" {
  import type { Duplex, PassThrough } from "node:stream";

  export interface Entry extends PassThrough {
    /** The entry's name inside the archive, with forward slashes. */
    path: string;
    type: "Directory" | "File";
    vars: { uncompressedSize: number; compressedSize: number; compressionMethod: number };
    /** Skips the entry's bytes without inflating them. */
    autodrain(): { promise(): Promise<void> };
  }

  /** A writable for the zip's bytes whose readable side yields its entries in order. */
  export function Parse(options?: { forceStream?: boolean }): Duplex & AsyncIterable<Entry>;
}
