// How a result file reaches its owner, after the ownership check of openResultFile:
// - a bucket whose public address is known (S3_PUBLIC_ENDPOINT): a 5-minute signed
//   link to it (302), with `Content-Disposition: attachment` signed in, so large
//   downloads do not pass through (nor hold) a web server;
// - otherwise (the local folder, or a bucket browsers cannot reach): streamed through
//   the app. The default, because it works wherever the web server can read the store.
import type { Readable } from "node:stream";
import { storage, type Storage } from "../storage/storage";
import { openResultFile, type ResultKind } from "./open-result-file";

/** Long enough to start a download on a slow connection; short, because anyone holding the link can use it. */
export const DOWNLOAD_LINK_SECONDS = 5 * 60;

export type ResultDownload = { redirectTo: string } | { stream: Readable; fileName: string };

export async function resultDownload(
  userId: string,
  batchId: string,
  fileId: string,
  kind: ResultKind,
  store: Storage = storage(),
): Promise<ResultDownload> {
  const { stream, fileName, key } = await openResultFile(userId, batchId, fileId, kind, store);
  if (!store.browserLinks || !store.signedDownloadUrl) return { stream, fileName };
  // Never read: the bytes go straight from the bucket to the browser.
  stream.destroy();
  return { redirectTo: await store.signedDownloadUrl(key, { fileName, expiresInSeconds: DOWNLOAD_LINK_SECONDS }) };
}
