// Whether a file's opening bytes are a list as text or a packed one: an Excel workbook,
// a zip or a gzip. Decided from the content, never from the name, like the rest of the
// reading; an .xlsx is a zip whose entries are the workbook's parts.
import { WORKBOOK_PART } from "../archives/zip-list-rule";

export type Container = "text" | "xlsx" | "zip" | "gzip";

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const GZIP = Buffer.from([0x1f, 0x8b]);
const NAME_OFFSET = 30;

/** `head` is the file's first bytes (64 KB or the whole file). */
export function detectContainer(head: Buffer): Container {
  if (head.subarray(0, 2).equals(GZIP)) return "gzip";
  if (!head.subarray(0, 4).equals(ZIP_LOCAL_HEADER)) return "text";
  return zipEntryNames(head).some((name) => WORKBOOK_PART.test(name)) ? "xlsx" : "zip";
}

// Names of the entries whose local headers lie in `head`. Each header says how long its
// data is unless the writer streamed it (then the next header is searched for).
function zipEntryNames(head: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  while (at >= 0 && at + NAME_OFFSET <= head.length && names.length < 50) {
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    const nameEnd = at + NAME_OFFSET + nameLength;
    if (nameEnd > head.length) break;
    names.push(head.toString("utf8", at + NAME_OFFSET, nameEnd));
    const flags = head.readUInt16LE(at + 6);
    const compressedSize = head.readUInt32LE(at + 18);
    const next = flags & 0x08 && compressedSize === 0 ? head.indexOf(ZIP_LOCAL_HEADER, nameEnd) : nameEnd + extraLength + compressedSize;
    if (next !== -1 && !head.subarray(next, next + 4).equals(ZIP_LOCAL_HEADER)) break;
    at = next;
  }
  return names;
}
