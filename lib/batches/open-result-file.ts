// A file's cleaned or report CSV, for its owner only.
import type { Readable } from "node:stream";
import { db } from "../db/client";
import { AppError } from "../errors";
import { storage, type Storage } from "../storage/storage";

export type ResultKind = "cleaned" | "report";

/** "contacts.csv" → "contacts-cleaned.csv", kept to safe characters for the header. */
function downloadName(originalName: string, kind: ResultKind): string {
  const base = originalName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_").slice(0, 100) || "file";
  return `${base}-${kind}.csv`;
}

export async function openResultFile(
  userId: string,
  batchId: string,
  fileId: string,
  kind: ResultKind,
  store: Storage = storage(),
): Promise<{ stream: Readable; fileName: string; key: string }> {
  const file = await db().batchFile.findFirst({
    where: { id: fileId, batchId, batch: { userId } },
    select: { originalName: true, cleanedKey: true, reportKey: true },
  });
  const key = kind === "cleaned" ? file?.cleanedKey : file?.reportKey;
  // Checked up front: a missing object would otherwise only fail mid-download.
  if (!file || !key || !(await store.exists(key))) {
    throw new AppError("not_found", "No such result file. It may still be processing, or it has expired.");
  }
  return { stream: store.get(key), fileName: downloadName(file.originalName, kind), key };
}
