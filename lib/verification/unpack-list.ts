// A list that arrives packed, as a .gz or a .zip holding one CSV, TSV or TXT file,
// unpacked as a stream. Unpacked bytes are capped at the size a file may have when
// uploaded as it is, so a small archive that unpacks to gigabytes (a zip bomb) fails
// the file instead of filling the worker's memory or time.
import { once } from "node:events";
import { PassThrough, type Readable, Transform, type TransformCallback, pipeline } from "node:stream";
import { pipeline as pipelineAsync } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { Parse as parseZip } from "unzipper";
import { type ZipListProblem, noList, severalLists, zipEntryRole } from "../archives/zip-list-rule";
import { ContactListError } from "./contact-list-error";

export type UnpackedList = {
  /** The unpacked list's bytes; errors with a ContactListError when the archive is not usable. */
  readonly stream: Readable;
  /** The archive entry that is read, once known (zip only). */
  readonly entry: () => string | null;
};

/** Gunzips `input` (several members in a row, as `cat a.gz b.gz` makes, are read as one). */
export function gunzipList(input: Readable, maxBytes: number): UnpackedList {
  const output = new PassThrough();
  // Not in the pipeline: it would pass zlib's own error on before this one.
  const capped = pipeline(input, createGunzip(), new ByteCap(maxBytes), (error) => {
    if (error) output.destroy(asListError(error, "gzip"));
  });
  capped.pipe(output);
  return { stream: output, entry: () => null };
}

/**
 * Reads the one CSV, TSV or TXT file of a zip. Folders and archiver metadata are
 * skipped; a zip with no such file or with several fails with the names it holds.
 * Several are only known once the first has been read: the file then fails too,
 * rather than guess which one was meant. The upload refuses such zips when it can read
 * their directory; this is the check for the ones it could not.
 */
export function unzipList(input: Readable, maxBytes: number): UnpackedList {
  const output = new PassThrough();
  const cap = { remaining: maxBytes, max: maxBytes };
  let chosen: string | null = null;
  const others: string[] = [];
  const zip = parseZip({ forceStream: true });
  input.on("error", (error) => zip.destroy(error));
  input.pipe(zip);
  // The processor stopped reading (it failed, or was aborted): stop unpacking too, or the
  // loop below would wait for entries that never come.
  output.once("close", () => zip.destroy());

  const read = async () => {
    for await (const entry of zip) {
      const name = entry.path;
      const role = zipEntryRole({ name, directory: entry.type === "Directory" });
      if (role === "list") {
        if (chosen !== null) throw listError(severalLists(chosen, name));
        chosen = name;
        // The list goes on to the processor, which ends only once the rest of the zip is checked.
        await copyInto(entry, new ByteCap(cap), output);
        continue;
      }
      if (role === "other") others.push(name);
      // Through the cap too: a bomb hidden in another entry would otherwise cost hours of inflating.
      await pipelineAsync(entry, new ByteCap(cap), new PassThrough().resume());
    }
    if (chosen === null) throw listError(noList(others));
    output.end();
  };
  read().catch((error: unknown) => {
    zip.destroy();
    output.destroy(asListError(error, "zip"));
  });
  return { stream: output, entry: () => chosen };
}

async function copyInto(entry: Readable, cap: ByteCap, output: PassThrough): Promise<void> {
  entry.on("error", (error) => cap.destroy(error));
  for await (const chunk of entry.pipe(cap)) {
    if (output.destroyed) return;
    if (!output.write(chunk)) await Promise.race([once(output, "drain"), once(output, "close")]);
  }
}

type Budget = { remaining: number; max: number };

/** Passes bytes on until a budget (shared by the entries of a zip) runs out. */
class ByteCap extends Transform {
  private readonly budget: Budget;

  constructor(budget: Budget | number) {
    super();
    this.budget = typeof budget === "number" ? { remaining: budget, max: budget } : budget;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.budget.remaining -= chunk.length;
    if (this.budget.remaining < 0) callback(tooLarge(this.budget.max));
    else callback(null, chunk);
  }
}

function tooLarge(max: number): ContactListError {
  const megabytes = Math.round((max / 1024 / 1024) * 10) / 10;
  return new ContactListError(
    "unpacked_too_large",
    `Unpacked, this archive holds more than ${megabytes} MB, the most a file may hold: split the list, or upload it unpacked if it fits.`,
    { maxBytes: max },
  );
}

function listError(problem: ZipListProblem): ContactListError {
  return new ContactListError(problem.code, problem.message, problem.details);
}

function asListError(error: unknown, kind: "gzip" | "zip"): ContactListError {
  if (error instanceof ContactListError) return error;
  const listError = new ContactListError(
    "unreadable_file",
    `This ${kind === "zip" ? ".zip" : ".gz"} file could not be unpacked: it is damaged or incomplete. Pack the list again, or upload it unpacked.`,
  );
  listError.cause = error;
  return listError;
}
