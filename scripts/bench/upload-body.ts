// The bench's upload: one CSV-like file inside a multipart/form-data body, generated
// 64 KiB at a time (never held in memory) and hashed as it goes out.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";

const CHUNK_BYTES = 64 * 1024;
const BLOCK_BYTES = 1024 * 1024;

export type GeneratedUpload = {
  contentType: string;
  /** Exact body length, for Content-Length. */
  bodyBytes: number;
  fileBytes: number;
  body: Readable;
  /** The file's sha256, known once `body` has been read to the end. */
  sha256(): string;
};

export function generateUpload(fileBytes: number): GeneratedUpload {
  const boundary = `----tidings-bench-${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="contacts.csv"\r\n` +
      "Content-Type: text/csv\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const block = csvBlock();
  const hash = createHash("sha256");
  let sent = 0;
  let digest: string | undefined;

  function* chunks(): Generator<Buffer> {
    yield head;
    while (sent < fileBytes) {
      const offset = sent % BLOCK_BYTES;
      const length = Math.min(CHUNK_BYTES, fileBytes - sent, BLOCK_BYTES - offset);
      const chunk = block.subarray(offset, offset + length);
      hash.update(chunk);
      sent += length;
      yield chunk;
    }
    digest = hash.digest("hex");
    yield tail;
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    bodyBytes: head.length + fileBytes + tail.length,
    fileBytes,
    body: Readable.from(chunks(), { objectMode: false }),
    sha256() {
      if (!digest) throw new Error("the body has not been sent completely");
      return digest;
    },
  };
}

/** 1 MiB of plausible contact rows, reused for every megabyte of the file. */
function csvBlock(): Buffer {
  let text = "email,first_name,last_name,company\n";
  for (let i = 0; text.length < BLOCK_BYTES; i += 1) {
    text += `person${i}@example${i % 97}.com,First${i},Last${i},Company ${i % 1013}\n`;
  }
  return Buffer.from(text).subarray(0, BLOCK_BYTES);
}
