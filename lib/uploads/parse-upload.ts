// Streams a multipart/form-data upload straight to storage. Each file part is
// written under a generated key while its sha256 is computed, its first bytes are
// sniffed, the limits are checked and a zip's last bytes are kept (to read which files
// it holds from its directory) as the bytes pass; nothing else is held in memory
// beyond the streams' buffers. When anything goes wrong (a limit, a malformed
// body, a client that goes away) reading stops and every file of the request is
// deleted before the error is thrown.
import { createHash, randomUUID } from "node:crypto";
import { Readable, Transform, type TransformCallback, pipeline } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { z } from "zod";
import { ZipDirectoryTail } from "../archives/zip-directory-tail";
import { AppError } from "../errors";
import { log } from "../log";
import { type Storage, storage as configuredStorage } from "../storage/storage";
import { cleanFileName } from "./clean-file-name";
import { SNIFF_BYTES, sniffContent } from "./sniff-content";
import { FIELD_LIMITS, type UploadLimits, formatSize, uploadLimits } from "./upload-limits";

export const uploadedFileSchema = z.object({
  /** Generated storage key, `uploads/<uploadId>/<n>`. */
  key: z.string(),
  /** Display name: cleaned, never a path; escape it wherever it is shown. */
  originalName: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Hex sha256 of the stored bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the client declared; informational only. */
  contentType: z.string(),
  looksLikeText: z.boolean(),
  bom: z.enum(["utf-8", "utf-16le", "utf-16be"]).nullable(),
  /**
   * The entries a zip's central directory names (an .xlsx is a zip too); null when the
   * file is not a zip or its directory could not be read from its last bytes.
   */
  zipEntries: z.array(z.object({ name: z.string(), directory: z.boolean() })).nullable(),
});

export type UploadedFile = z.infer<typeof uploadedFileSchema>;

export type ParsedUpload = {
  uploadId: string;
  /** Every file of this upload is stored under this prefix; `discardUpload` removes them all. */
  keyPrefix: string;
  /** In the order they were sent. */
  files: UploadedFile[];
  /** The non-file fields, e.g. `options` (a JSON string), `email_column`; still to be parsed with zod. */
  fields: Record<string, string>;
  totalBytes: number;
};

export type ParseUploadOptions = {
  /** Default: the configured storage. */
  storage?: Storage;
  /** Default: the settings (UPLOAD_MAX_*) and FIELD_LIMITS. */
  limits?: Partial<UploadLimits>;
  /** Stops the upload like a client disconnect does; `request.signal` is honoured too. */
  signal?: AbortSignal;
};

// busboy refuses a part's headers beyond 16 KiB; boundaries add a few dozen bytes.
const PART_OVERHEAD_BYTES = 20 * 1024;
// Bytes the body cap allows beyond files, fields and headers. More than the streams
// between the cap and the file meters can hold, so files over a limit are reported
// by the file meters, which can name the file.
const BODY_SLACK_BYTES = 1024 * 1024;
// Parts beyond files + fields are junk (parts without a name, say); allow a few.
const SPARE_PARTS = 8;
const FIELD_NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;

/**
 * Reads a multipart/form-data request, storing each file as it arrives. Throws
 * AppError: 415 for another Content-Type, 413 when a limit is exceeded, 400 for a
 * malformed or interrupted body or one without files. Non-CSV files are accepted
 * (`looksLikeText` tells); judging content is the processor's job.
 */
export async function parseUpload(request: Request, options: ParseUploadOptions = {}): Promise<ParsedUpload> {
  const limits = resolveLimits(options.limits);
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send the files as multipart/form-data.", {
      contentType: contentType.slice(0, 100) || null,
    });
  }
  // Browsers declare the length up front: refuse a body that cannot fit before reading any of it.
  const maxBody = maxBodyBytes(limits);
  if (Number(request.headers.get("content-length")) > maxBody) throw batchTooLarge(limits);
  if (!request.body) throw noFiles();

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send UTF-8 file names as raw bytes; busboy would read them as Latin-1.
      defParamCharset: "utf8",
      limits: { fieldSize: limits.maxFieldBytes, fields: limits.maxFields, parts: limits.maxFiles + limits.maxFields + SPARE_PARTS },
    });
  } catch {
    throw new AppError("bad_request", "The multipart/form-data Content-Type has no valid boundary.");
  }

  const store = options.storage ?? configuredStorage();
  const uploadId = randomUUID();
  const keyPrefix = `uploads/${uploadId}/`;
  const startedAt = Date.now();
  try {
    const received = await receive({
      body: request.body,
      parser,
      store,
      keyPrefix,
      limits,
      maxBody,
      signals: [request.signal, options.signal].filter((signal) => signal !== undefined),
    });
    log.info({ event: "upload.stored", uploadId, files: received.files.length, bytes: received.totalBytes, ms: Date.now() - startedAt });
    return { uploadId, keyPrefix, ...received };
  } catch (error) {
    await discardUpload({ keyPrefix }, store).catch((cleanupError: unknown) => {
      log.error({ event: "upload.cleanup_failed", uploadId, err: cleanupError });
    });
    log.info({
      event: "upload.rejected",
      uploadId,
      code: error instanceof AppError ? error.code : "internal",
      limit: error instanceof AppError ? error.details?.limit : undefined,
    });
    throw error;
  }
}

/** Deletes every stored file of an upload, e.g. when the batch that should own them was not created. */
export async function discardUpload(upload: Pick<ParsedUpload, "keyPrefix">, store: Storage = configuredStorage()): Promise<void> {
  await store.deletePrefix(upload.keyPrefix);
}

type Receive = {
  body: ReadableStream<Uint8Array>;
  parser: busboy.Busboy;
  store: Storage;
  keyPrefix: string;
  limits: UploadLimits;
  maxBody: number;
  signals: AbortSignal[];
};

async function receive({ body, parser, store, keyPrefix, limits, maxBody, signals }: Receive) {
  // The DOM and node:stream/web typings of the same runtime class differ (async iteration).
  const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
  const stop = new AbortController();
  // Detaches the listeners on the caller's signals once this upload is settled.
  const settled = new AbortController();
  const failures: unknown[] = [];
  const stored: Promise<UploadedFile | null>[] = [];
  const fields = new Map<string, string>();
  let fileCount = 0;
  let totalBytes = 0;

  // The first failure stops everything; later ones are mostly its echoes (premature close, abort).
  const fail = (error: unknown) => {
    failures.push(error);
    if (failures.length > 1) return;
    stop.abort(error);
    // Not from inside busboy's own event: let it return first.
    process.nextTick(() => {
      source.destroy();
      parser.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  };

  for (const signal of signals) {
    if (signal.aborted) fail(interrupted(signal.reason));
    else signal.addEventListener("abort", () => fail(interrupted(signal.reason)), { once: true, signal: settled.signal });
  }
  // Registered before pipeline() so that these, which know where an error came from, report it first.
  source.once("error", (error) => fail(interrupted(error)));
  parser.on("error", (error) => fail(error instanceof AppError ? error : malformed(error)));

  parser.on("file", (_field, fileStream, info) => {
    const originalName = cleanFileName(info.filename);
    const index = fileCount++;
    // A part that is not stored is drained; busboy fails it when the upload is torn down.
    const skip = () => void fileStream.on("error", () => undefined).resume();
    if (stop.signal.aborted) return skip();
    if (fileCount > limits.maxFiles) {
      skip();
      return fail(
        new AppError("payload_too_large", `An upload may hold at most ${limits.maxFiles} files; "${originalName}" is file ${fileCount}.`, {
          limit: "files",
          maxFiles: limits.maxFiles,
          file: originalName,
        }),
      );
    }
    const meter = new FileMeter(originalName, limits, (count) => {
      totalBytes += count;
      if (totalBytes > limits.maxBatchBytes) throw batchTooLarge(limits, originalName);
    });
    // Errors of either stream reach the put below, which reports them.
    pipeline(fileStream, meter, () => undefined);
    const key = `${keyPrefix}${index}`;
    const file = store.put(key, meter, { signal: stop.signal, contentType: info.mimeType }).then(async ({ bytes }) => {
      if (bytes !== meter.bytes) throw new Error(`Stored ${bytes} bytes of ${meter.bytes} for ${key}`);
      // An empty file input: browsers send a part with filename="" (busboy: undefined) and no content.
      if (!info.filename && bytes === 0) {
        await store.delete(key);
        return null;
      }
      const contentType = info.mimeType.slice(0, 100);
      return { key, originalName, bytes, sha256: meter.sha256(), contentType, ...sniffContent(meter.head()), zipEntries: meter.zipEntries() };
    });
    file.catch(fail);
    stored.push(file);
  });

  parser.on("field", (name, value, info) => {
    if (typeof name !== "string" || !FIELD_NAME.test(name)) {
      return fail(new AppError("bad_request", `Unexpected form field name "${String(name).slice(0, 64)}".`));
    }
    if (info.valueTruncated) {
      return fail(
        new AppError("payload_too_large", `The field "${name}" is larger than the ${formatSize(limits.maxFieldBytes)} allowed.`, {
          limit: "field_bytes",
          maxFieldBytes: limits.maxFieldBytes,
          field: name,
        }),
      );
    }
    if (fields.has(name)) return fail(new AppError("bad_request", `The field "${name}" was sent more than once.`));
    fields.set(name, value);
  });
  const tooManyParts = () =>
    fail(
      new AppError("payload_too_large", `An upload may hold at most ${limits.maxFields} form fields besides its files.`, {
        limit: "fields",
        maxFields: limits.maxFields,
      }),
    );
  parser.on("fieldsLimit", tooManyParts);
  parser.on("partsLimit", tooManyParts);

  let files: PromiseSettledResult<UploadedFile | null>[];
  try {
    await new Promise<void>((resolve) => {
      pipeline(source, new BodyMeter(maxBody, () => batchTooLarge(limits)), parser, (error) => {
        if (error) fail(error);
        resolve();
      });
    });
    files = await Promise.allSettled(stored);
  } finally {
    settled.abort();
  }
  if (failures.length === 0 && !files.some((file) => file.status === "fulfilled" && file.value)) fail(noFiles());
  if (failures.length > 0) throw failures.find((failure) => failure instanceof AppError) ?? failures[0];
  return {
    files: files.flatMap((file) => (file.status === "fulfilled" && file.value ? [file.value] : [])),
    fields: Object.fromEntries(fields),
    totalBytes,
  };
}

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Counts, hashes and keeps the first and last bytes of one file; errors out past the limits. */
class FileMeter extends Transform {
  bytes = 0;
  private readonly hash = createHash("sha256");
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  // Dropped as soon as the first bytes say the file is not a zip: only zips keep their end.
  private tail: ZipDirectoryTail | null = new ZipDirectoryTail();

  constructor(
    private readonly name: string,
    private readonly limits: UploadLimits,
    private readonly countTowardsBatch: (bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    try {
      if (this.bytes > this.limits.maxFileBytes) throw fileTooLarge(this.name, this.limits);
      this.countTowardsBatch(chunk.length);
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.hash.update(chunk);
    if (this.headLength < SNIFF_BYTES) {
      const part = Buffer.from(chunk.subarray(0, SNIFF_BYTES - this.headLength));
      this.headChunks.push(part);
      this.headLength += part.length;
    }
    if (this.tail !== null && this.headLength >= ZIP_LOCAL_HEADER.length && !this.startsAsZip()) this.tail = null;
    this.tail?.push(chunk);
    callback(null, chunk);
  }

  /** What a zip's directory names; null for any other file or a directory out of reach. */
  zipEntries(): { name: string; directory: boolean }[] | null {
    return this.tail !== null && this.startsAsZip() ? this.tail.entries() : null;
  }

  private startsAsZip(): boolean {
    const first = this.headChunks[0];
    const start = first !== undefined && first.length >= ZIP_LOCAL_HEADER.length ? first : this.head();
    return start.subarray(0, ZIP_LOCAL_HEADER.length).equals(ZIP_LOCAL_HEADER);
  }

  sha256(): string {
    return this.hash.digest("hex");
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }
}

/** Caps the raw body: bytes busboy skips (parts without a name, an epilogue) count too. */
class BodyMeter extends Transform {
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => AppError,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) callback(this.tooLarge());
    else callback(null, chunk);
  }
}

function resolveLimits(overrides: Partial<UploadLimits> = {}): UploadLimits {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const complete = given.maxFileBytes !== undefined && given.maxFiles !== undefined && given.maxBatchBytes !== undefined;
  // Read the settings only when needed: scripts and tests may pass every limit and no settings.
  return { ...(complete ? FIELD_LIMITS : uploadLimits()), ...given } as UploadLimits;
}

/** The largest body the limits allow: all files, all fields and every part's headers. */
export function maxBodyBytes(limits: UploadLimits): number {
  const parts = limits.maxFiles + limits.maxFields + SPARE_PARTS;
  return limits.maxBatchBytes + limits.maxFields * limits.maxFieldBytes + parts * PART_OVERHEAD_BYTES + BODY_SLACK_BYTES;
}

function fileTooLarge(name: string, limits: UploadLimits): AppError {
  return new AppError("payload_too_large", `"${name}" is larger than the ${formatSize(limits.maxFileBytes)} allowed per file.`, {
    limit: "file_bytes",
    maxFileBytes: limits.maxFileBytes,
    file: name,
  });
}

function batchTooLarge(limits: UploadLimits, name?: string): AppError {
  const at = name ? ` (reached while receiving "${name}")` : "";
  return new AppError(
    "payload_too_large",
    `The files of this upload together are larger than the ${formatSize(limits.maxBatchBytes)} allowed per upload${at}.`,
    { limit: "batch_bytes", maxBatchBytes: limits.maxBatchBytes, ...(name ? { file: name } : {}) },
  );
}

function noFiles(): AppError {
  return new AppError("bad_request", "The upload holds no files: send one or more files as multipart/form-data parts.");
}

function interrupted(cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  const error = new AppError("bad_request", "The upload was interrupted before it was complete.");
  error.cause = cause;
  return error;
}

function malformed(cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new AppError("bad_request", `The upload is not valid multipart/form-data: ${reason}.`);
  error.cause = cause;
  return error;
}
