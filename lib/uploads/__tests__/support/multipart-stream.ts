// Multipart bodies generated chunk by chunk, for tests that must not hold a whole
// file in memory (oversized uploads) or that need a body to fail half way.
import { randomBytes } from "node:crypto";

export type StreamedPart =
  | { field: string; value: string }
  | { field: string; filename: string; contentType?: string; content: Uint8Array }
  /** `size` bytes of `fill`, produced 64 KiB at a time. */
  | { field: string; filename: string; contentType?: string; size: number; fill?: number };

export type StreamEnding =
  /** A complete body. */
  | "complete"
  /** The stream errors after the parts (a client that disconnects). */
  | "error"
  /** The stream stays open and sends nothing more (a stalled client). */
  | "stall"
  /** The stream ends without the closing boundary. */
  | "truncate";

export type StreamedBody = {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** How much the consumer has pulled so far, and whether it cancelled the stream. */
  progress: { pulledBytes: number; cancelled: boolean };
};

const CHUNK = 64 * 1024;

export function streamedMultipart(parts: StreamedPart[], ending: StreamEnding = "complete"): StreamedBody {
  const boundary = `----tidings-test-${randomBytes(8).toString("hex")}`;
  const encoder = new TextEncoder();
  const progress = { pulledBytes: 0, cancelled: false };

  function* chunks(): Generator<Uint8Array> {
    for (const part of parts) {
      if ("value" in part) {
        yield encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`);
        continue;
      }
      yield encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"; filename="${part.filename}"\r\n` +
          `Content-Type: ${part.contentType ?? "text/csv"}\r\n\r\n`,
      );
      if ("content" in part) {
        yield part.content;
      } else {
        const block = new Uint8Array(CHUNK).fill(part.fill ?? 0x61);
        for (let sent = 0; sent < part.size; sent += CHUNK) yield block.subarray(0, Math.min(CHUNK, part.size - sent));
      }
      yield encoder.encode("\r\n");
    }
    if (ending === "complete") yield encoder.encode(`--${boundary}--\r\n`);
  }

  const source = chunks();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = source.next();
      if (!next.done) {
        progress.pulledBytes += next.value.byteLength;
        controller.enqueue(next.value.slice());
        return;
      }
      if (ending === "complete" || ending === "truncate") controller.close();
      else if (ending === "error") controller.error(new Error("connection reset by peer"));
      else return new Promise<void>(() => undefined);
    },
    cancel() {
      progress.cancelled = true;
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, progress };
}

/** A POST of a streamed body, as a Next.js route handler receives it. */
export function streamedRequest(streamed: StreamedBody, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Request {
  return new Request("http://tidings.test/api/v1/batches", {
    method: "POST",
    body: streamed.body,
    headers: { "content-type": streamed.contentType, ...init.headers },
    signal: init.signal,
    duplex: "half",
  } as RequestInit);
}
