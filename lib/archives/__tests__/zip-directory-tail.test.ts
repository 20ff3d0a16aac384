// Reading a zip's entries from its last bytes as it streams past: whatever the chunking,
// with sizes after the data (flag bit 3), a comment, Zip64 end records, and knowing
// nothing (rather than guessing) when the directory is out of reach or damaged.
import { describe, expect, it } from "vitest";
import { makeStreamedWorkbook } from "@/lib/verification/__tests__/support/make-workbook";
import { makeZip } from "@/lib/verification/__tests__/support/make-zip";
import { ZipDirectoryTail } from "../zip-directory-tail";
import { judgeZipEntries } from "../zip-list-rule";

function entriesOf(zip: Buffer, { chunkBytes = 7, maxBytes }: { chunkBytes?: number; maxBytes?: number } = {}) {
  const tail = new ZipDirectoryTail(maxBytes);
  for (let at = 0; at < zip.length; at += chunkBytes) tail.push(zip.subarray(at, at + chunkBytes));
  return tail.entries();
}

const packed = [
  { name: "export/", content: "", store: true },
  { name: "__MACOSX/export/._contacts.csv", content: "\0\u0005\u0016\u0007junk" },
  // Stored, not deflated: 13 kB of data before the directory.
  { name: "export/contacts.csv", content: "email\nann@acme-mail.com\n".repeat(500), store: true },
];
const expected = [
  { name: "export/", directory: true },
  { name: "__MACOSX/export/._contacts.csv", directory: false },
  { name: "export/contacts.csv", directory: false },
];

describe("ZipDirectoryTail", () => {
  it("names every entry, whether the sizes come before the data or after it, in chunks of any size", () => {
    for (const streamed of [false, true]) {
      const zip = makeZip(packed, { streamed });
      for (const chunkBytes of [1, 7, 4096, zip.length]) expect(entriesOf(zip, { chunkBytes })).toEqual(expected);
      // Only the last bytes are kept: a tail much smaller than the file still holds the directory.
      expect(zip.length).toBeGreaterThan(12_000);
      expect(entriesOf(zip, { maxBytes: 400 })).toEqual(expected);
    }
  });

  it("reads a workbook written as a stream (exceljs puts the sizes after the data), which the rule leaves to the reader", async () => {
    const xlsx = await makeStreamedWorkbook([{ name: "Export", rows: [["email"], ["ann@acme-mail.com"]] }]);
    const entries = entriesOf(xlsx, { chunkBytes: 1000 });
    expect(entries?.map((entry) => entry.name)).toContain("xl/worksheets/sheet1.xml");
    expect(judgeZipEntries(entries ?? [])).toBeNull();
  });

  it("reads past a comment after the directory", () => {
    const zip = withComment(makeZip(packed), "Packed by a tool that signs its zips");
    expect(entriesOf(zip)).toEqual(expected);
  });

  it("follows Zip64 end records to the directory", () => {
    expect(entriesOf(asZip64(makeZip(packed, { streamed: true })))).toEqual(expected);
  });

  it("knows nothing when the directory starts before the kept bytes, or the zip is cut short", () => {
    const many = makeZip(Array.from({ length: 40 }, (_, index) => ({ name: `folder/entry-${index}.txt`, content: "x" })));
    expect(entriesOf(many, { maxBytes: 1024 })).toBeNull();
    expect(entriesOf(many)).toHaveLength(40);
    expect(entriesOf(many.subarray(0, many.length - 10))).toBeNull();
    expect(entriesOf(Buffer.from("PK\u0003\u0004 not really a zip"))).toBeNull();
  });
});

function withComment(zip: Buffer, comment: string): Buffer {
  const text = Buffer.from(comment);
  const end = Buffer.from(zip.subarray(zip.length - 22));
  end.writeUInt16LE(text.length, 20);
  return Buffer.concat([zip.subarray(0, zip.length - 22), end, text]);
}

// The same zip with its end record saturated and the real figures in Zip64 records, as
// writers do past 65,535 entries or 4 GiB (and some always).
function asZip64(zip: Buffer): Buffer {
  const end = zip.subarray(zip.length - 22);
  const count = end.readUInt16LE(10);
  const size = end.readUInt32LE(12);
  const offset = end.readUInt32LE(16);
  const body = zip.subarray(0, zip.length - 22);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(size), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(body.length), 8);
  locator.writeUInt32LE(1, 16);
  const saturated = Buffer.alloc(22);
  saturated.writeUInt32LE(0x06054b50, 0);
  saturated.writeUInt16LE(0xffff, 8);
  saturated.writeUInt16LE(0xffff, 10);
  saturated.writeUInt32LE(0xffffffff, 12);
  saturated.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([body, record, locator, saturated]);
}
