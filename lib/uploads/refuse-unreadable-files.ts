// Which files of a drop can become a batch. Text of any kind goes on (the processor
// judges it and says what is wrong), and so do workbooks, gzips and zips holding one
// list; files that cannot hold a list at all (a PDF, an image, an old .xls) and zips
// whose directory shows several lists or none are refused at the door, named with the
// reason, and removed from storage. The others are uploaded anyway.
import { judgeZipEntries } from "../archives/zip-list-rule";
import { AppError } from "../errors";
import { type Storage, storage as configuredStorage } from "../storage/storage";
import type { UploadedFile } from "./parse-upload";
import { ACCEPTED_FORMATS_TEXT, type RefusedFile } from "./refused-file";

// What a file that is not text is, from its first bytes, and what to do instead.
const KINDS: readonly { bytes: readonly number[]; accepted: boolean; what?: string; advice?: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], accepted: true }, // zip, which includes .xlsx
  { bytes: [0x1f, 0x8b], accepted: true }, // gzip
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], accepted: false, what: "an old Excel or Word document (.xls, .doc)", advice: "save it as .xlsx or CSV" },
  { bytes: [0x25, 0x50, 0x44, 0x46], accepted: false, what: "a PDF document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], accepted: false, what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], accepted: false, what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], accepted: false, what: "a GIF image" },
];
const HEAD_BYTES = 8;

/**
 * Splits a drop into the files a batch can take and the refused ones, deleting the
 * refused ones from storage. Throws 415 when every file is refused: there is no batch.
 */
export async function refuseUnreadableFiles(
  files: readonly UploadedFile[],
  store: Storage = configuredStorage(),
): Promise<{ accepted: UploadedFile[]; refused: RefusedFile[] }> {
  const accepted: UploadedFile[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    const refusal = await judgeFile(file, store);
    if (refusal === null) accepted.push(file);
    else refused.push(refusal);
  }
  await Promise.all(files.filter((file) => !accepted.includes(file)).map((file) => store.delete(file.key)));
  if (accepted.length === 0) {
    throw new AppError("unsupported_media_type", `None of the files can hold a contact list: ${refused.map((file) => file.message).join(" ")} Upload ${ACCEPTED_FORMATS_TEXT}.`, {
      refused,
    });
  }
  return { accepted, refused };
}

async function judgeFile(file: UploadedFile, store: Storage): Promise<RefusedFile | null> {
  // Text is never refused here: an odd encoding or a stray NUL is for the processor to explain.
  if (file.looksLikeText) return null;
  // A zip whose directory was read: the same rule the worker applies when it unpacks one.
  if (file.zipEntries !== null) {
    const problem = judgeZipEntries(file.zipEntries, file.originalName);
    return problem === null ? null : { name: file.originalName, code: problem.code, message: problem.message };
  }
  const refusal = describeRefusal(await readHead(store, file.key));
  return refusal === null ? null : { name: file.originalName, code: "unsupported_format", message: `"${file.originalName}" ${refusal}.` };
}

function describeRefusal(head: Buffer): string | null {
  const kind = KINDS.find((candidate) => candidate.bytes.every((byte, index) => head[index] === byte));
  if (kind?.accepted) return null;
  if (!kind?.what) return "is not a text file, an Excel workbook or an archive";
  return `is ${kind.what}, not a contact list${kind.advice ? `: ${kind.advice}` : ""}`;
}

async function readHead(store: Storage, key: string): Promise<Buffer> {
  const stream = store.get(key);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}
