import { describe, expect, it } from "vitest";
import { sniffContent } from "../sniff-content";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("sniffContent", () => {
  it("takes plain CSV, Latin-1 and UTF-8 with a BOM for text", () => {
    expect(sniffContent(Buffer.from("email;name\r\nada@example.com;Ada\r\n"))).toEqual({ looksLikeText: true, bom: null });
    expect(sniffContent(Buffer.from("name\nJos\xe9\n", "latin1"))).toEqual({ looksLikeText: true, bom: null });
    expect(sniffContent(Buffer.from("\ufeffemail\nzoë@example.com\n"))).toEqual({ looksLikeText: true, bom: "utf-8" });
  });

  it("accepts the NUL bytes of UTF-16 when a BOM announces it", () => {
    const le = Buffer.concat([bytes(0xff, 0xfe), Buffer.from("email\r\n", "utf16le")]);
    const be = Buffer.from(Buffer.from("email\r\n", "utf16le").swap16());
    expect(sniffContent(le)).toEqual({ looksLikeText: true, bom: "utf-16le" });
    expect(sniffContent(Buffer.concat([bytes(0xfe, 0xff), be]))).toEqual({ looksLikeText: true, bom: "utf-16be" });
    // Without a BOM the NUL bytes make it binary: the processor then reports it.
    expect(sniffContent(Buffer.from("email\r\n", "utf16le")).looksLikeText).toBe(false);
  });

  it("calls a NUL byte, control characters or a known binary signature binary", () => {
    expect(sniffContent(Buffer.from("email\nada@example.com\0\n")).looksLikeText).toBe(false);
    expect(sniffContent(Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")).looksLikeText).toBe(false);
    expect(sniffContent(bytes(0x50, 0x4b, 0x03, 0x04, 0x14)).looksLikeText).toBe(false);
    expect(sniffContent(bytes(0xff, 0xd8, 0xff, 0xe0)).looksLikeText).toBe(false);
    const noisy = Buffer.from("abc\x01\x02\x03\x04def\x05\x06ghi", "latin1");
    expect(sniffContent(noisy).looksLikeText).toBe(false);
  });

  it("forgives a stray control character and the DOS end-of-file mark", () => {
    const text = `${"email\nada@example.com\n".repeat(20)}\x1a`;
    expect(sniffContent(Buffer.from(`${text}\x02`, "latin1")).looksLikeText).toBe(true);
  });

  it("calls an empty file text: the processor reports it as empty", () => {
    expect(sniffContent(new Uint8Array())).toEqual({ looksLikeText: true, bom: null });
  });
});
