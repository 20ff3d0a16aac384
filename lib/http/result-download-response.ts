// A result download as an HTTP answer: a redirect to a signed link, or the CSV streamed.
import type { ResultDownload } from "../batches/result-download";
import { csvDownloadResponse } from "./csv-download-response";

export function resultDownloadResponse(download: ResultDownload): Response {
  if ("redirectTo" in download) {
    // 302, not 301/308: the link expires, so nothing may remember it.
    return new Response(null, { status: 302, headers: { location: download.redirectTo, "cache-control": "private, no-store" } });
  }
  return csvDownloadResponse(download);
}
