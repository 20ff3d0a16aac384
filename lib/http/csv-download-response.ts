// A result CSV as a download: streamed, never cached by shared caches, never sniffed.
import { Readable } from "node:stream";

export function csvDownloadResponse({ stream, fileName }: { stream: Readable; fileName: string }): Response {
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
