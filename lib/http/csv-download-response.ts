// A result file as a download (CSV, TSV or workbook): streamed, never cached by shared
// caches, never sniffed.
import { Readable } from "node:stream";

export function csvDownloadResponse({ stream, fileName, contentType }: { stream: Readable; fileName: string; contentType?: string }): Response {
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "content-type": contentType ?? "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
