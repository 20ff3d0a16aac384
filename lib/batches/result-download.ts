// How a result file reaches its owner, after the ownership check of openResultFile:
// - a bucket whose public address is known (S3_PUBLIC_ENDPOINT): a 5-minute signed
//   link to it (302), with `Content-Disposition: attachment` signed in, so large
//   downloads do not pass through (nor hold) a web server;
// - otherwise (the local folder, or a bucket browsers cannot reach): streamed through
//   the app. The default, because it works wherever the web server can read the store.
// Only a stored object can be linked to: other formats and choices are made on download
// (open-result-file.ts) and always stream.
import { storage, type Storage } from "../storage/storage";
import type { DownloadQuery } from "../results/download-options";
import { DEFAULT_DOWNLOAD_QUERY, openResultFile, type ResultFile, type ResultKind } from "./open-result-file";

/** Long enough to start a download on a slow connection; short, because anyone holding the link can use it. */
export const DOWNLOAD_LINK_SECONDS = 5 * 60;

export type ResultDownload = { redirectTo: string } | ResultFile;

export async function resultDownload(
  userId: string,
  batchId: string,
  fileId: string,
  kind: ResultKind,
  query: DownloadQuery = DEFAULT_DOWNLOAD_QUERY,
  store: Storage = storage(),
): Promise<ResultDownload> {
  const file = await openResultFile(userId, batchId, fileId, kind, query, store);
  if (!file.storedKey || !store.browserLinks || !store.signedDownloadUrl) return file;
  // Never read: the bytes go straight from the bucket to the browser.
  file.stream.destroy();
  return { redirectTo: await store.signedDownloadUrl(file.storedKey, { fileName: file.fileName, expiresInSeconds: DOWNLOAD_LINK_SECONDS }) };
}
