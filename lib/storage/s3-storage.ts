// Storage in an S3-compatible bucket, for web servers and workers on different
// machines. Writes stream into a multipart upload (bounded memory: a few parts at a
// time) that only becomes an object when it completes; a write that fails or is
// aborted aborts its multipart upload, so no half object and no orphaned parts stay.
// The AWS SDK (~36 MB of memory, ~0.2 s to load) is imported on first use, so the
// processes of a local-folder install never load it.
import { Readable, Transform, pipeline } from "node:stream";
import type { MultipartUpload, S3Client } from "@aws-sdk/client-s3";
import type { S3Settings } from "./s3-settings";
import { attachmentDisposition } from "./attachment-disposition";
import type { PutOptions, SignedDownloadOptions, Storage } from "./storage-interface";
import { StorageObjectNotFoundError, assertValidKey, assertValidPrefix } from "./storage-keys";

export type S3StorageOptions = {
  /** The bucket, its endpoint and the keys; the client is made on first use. */
  settings: S3Settings;
  /** Keys per list and delete request; S3 allows at most 1,000. */
  pageSize?: number;
  /** Bytes per multipart part (S3's minimum is 5 MiB); memory use is about partSize × (queueSize + 1). */
  partSize?: number;
  /** Parts sent at once. */
  queueSize?: number;
};

const MiB = 1024 * 1024;
const DEFAULT_LINK_SECONDS = 5 * 60;

export class S3Storage implements Storage {
  readonly bucket: string;
  private readonly settings: S3Settings;
  private clientPromise: Promise<S3Client> | undefined;
  private linkClientPromise: Promise<S3Client> | undefined;
  private readonly pageSize: number;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3StorageOptions) {
    this.settings = options.settings;
    this.bucket = options.settings.bucket;
    this.pageSize = Math.min(options.pageSize ?? 1000, 1000);
    this.partSize = options.partSize ?? 5 * MiB;
    // Measured with 500 MB: ~55 MB of RSS growth with 1 part in flight, ~70 MB with 2, ~95 MB with 4.
    this.queueSize = options.queueSize ?? 2;
  }

  /** Signed links are for browsers only when the bucket's public address is known (S3_PUBLIC_ENDPOINT). */
  get browserLinks(): boolean {
    return Boolean(this.settings.publicEndpoint);
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ bytes: number }> {
    // `put` owns `body` from here on. An error it emits before streaming starts must
    // reject this call, not crash the process as an unhandled 'error' event.
    const reportedLater = () => undefined;
    body.on("error", reportedLater);
    // Aborting ends the body with the abort reason: the upload then fails like it
    // does for a broken body, and aborts its multipart upload before `put` rejects.
    // (lib-storage's own abort rejects at once and cleans up later, if ever.)
    const stopBody = () => body.destroy(abortError(options.signal));
    try {
      assertValidKey(key);
      if (options.signal?.aborted) throw abortError(options.signal);
      options.signal?.addEventListener("abort", stopBody, { once: true });
      const [client, { Upload }] = await Promise.all([this.client(), import("@aws-sdk/lib-storage")]);
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      // Errors of `body` reach the upload through `counter`; nothing to do with them here.
      pipeline(body, counter, () => undefined);
      const upload = new Upload({
        client,
        params: { Bucket: this.bucket, Key: key, Body: counter, ContentType: options.contentType },
        partSize: this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false,
      });
      await upload.done();
      return { bytes };
    } catch (error) {
      body.destroy();
      throw error;
    } finally {
      body.off("error", reportedLater);
      options.signal?.removeEventListener("abort", stopBody);
    }
  }

  get(key: string): Readable {
    assertValidKey(key);
    return Readable.from(this.readObject(key), { objectMode: false });
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    const [client, { DeleteObjectCommand }] = await this.sdk();
    await client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertValidPrefix(prefix);
    const [client, { DeleteObjectsCommand, ListObjectsV2Command }] = await this.sdk();
    let continuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: this.pageSize, ContinuationToken: continuationToken }),
      );
      const objects = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (objects.length > 0) {
        const result = await client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } }),
        );
        // DeleteObjects answers 200 even when some keys failed: a partial success is a failure
        // here, so the caller retries (what was deleted stays deleted).
        const [first] = result.Errors ?? [];
        if (first) {
          throw new Error(`Could not delete ${result.Errors?.length} objects under ${prefix}, e.g. ${first.Key}: ${first.Code} ${first.Message ?? ""}`.trim());
        }
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    const [client, { HeadObjectCommand }] = await this.sdk();
    try {
      await client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /**
   * Aborts multipart uploads that crashed processes left unfinished: their parts
   * are stored (and billed) but never become an object. An upload counts as
   * abandoned when neither it nor any of its parts is newer than `maxAgeMs`.
   */
  async removeAbandonedWrites(maxAgeMs: number, now = Date.now()): Promise<number> {
    const [client, { AbortMultipartUploadCommand, ListMultipartUploadsCommand }] = await this.sdk();
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const page = await client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, MaxUploads: this.pageSize, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId) continue;
        try {
          if (now - (await this.lastWrittenAt(upload)) <= maxAgeMs) continue;
          await client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }));
          removed += 1;
        } catch (error) {
          // Another process finished or cleaned it up meanwhile.
          if (!isNotFound(error)) throw error;
        }
      }
      if (!page.IsTruncated) return removed;
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  }

  async signedDownloadUrl(key: string, options: SignedDownloadOptions): Promise<string> {
    assertValidKey(key);
    const [client, { GetObjectCommand }, { getSignedUrl }] = await Promise.all([
      this.linkClient(),
      import("@aws-sdk/client-s3"),
      import("@aws-sdk/s3-request-presigner"),
    ]);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: attachmentDisposition(options.fileName),
    });
    return getSignedUrl(client, command, {
      expiresIn: options.expiresInSeconds ?? DEFAULT_LINK_SECONDS,
      signingDate: options.now,
    });
  }

  async checkReady(signal?: AbortSignal): Promise<void> {
    const [client, { HeadBucketCommand }] = await this.sdk();
    await client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: signal });
  }

  /** The client and the SDK's commands, loaded on first use. */
  private async sdk(): Promise<[S3Client, typeof import("@aws-sdk/client-s3")]> {
    return Promise.all([this.client(), import("@aws-sdk/client-s3")]);
  }

  private client(): Promise<S3Client> {
    this.clientPromise ??= import("./s3-client").then(({ createS3Client }) => createS3Client(this.settings));
    return this.clientPromise;
  }

  /** Signs links for the address browsers use; the signature covers the host, so it must be that one. */
  private linkClient(): Promise<S3Client> {
    const { publicEndpoint } = this.settings;
    if (!publicEndpoint) return this.client();
    this.linkClientPromise ??= import("./s3-client").then(({ createS3Client }) => createS3Client({ ...this.settings, endpoint: publicEndpoint }));
    return this.linkClientPromise;
  }

  private async *readObject(key: string): AsyncGenerator<Buffer> {
    const [client, { GetObjectCommand }] = await this.sdk();
    let body: unknown;
    try {
      body = (await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body;
    } catch (error) {
      if (isNotFound(error)) throw new StorageObjectNotFoundError(key);
      throw error;
    }
    if (!(body instanceof Readable)) throw new Error(`S3 gave no readable body for ${key}`);
    // Leaving the loop early (the reader stopped) destroys `body`, which frees the connection.
    for await (const chunk of body) yield chunk as Buffer;
  }

  /** When the upload or its newest part was written, in ms since the epoch. */
  private async lastWrittenAt(upload: MultipartUpload): Promise<number> {
    const [client, { ListPartsCommand }] = await this.sdk();
    let latest = upload.Initiated?.getTime() ?? 0;
    let partNumberMarker: string | undefined;
    for (;;) {
      const page = await client.send(
        new ListPartsCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId, PartNumberMarker: partNumberMarker }),
      );
      for (const part of page.Parts ?? []) latest = Math.max(latest, part.LastModified?.getTime() ?? 0);
      if (!page.IsTruncated) return latest;
      partNumberMarker = page.NextPartNumberMarker;
    }
  }
}

/** The error an aborted write rejects with, as Node's own streams make it: the signal's reason is its cause. */
function abortError(signal: AbortSignal | undefined): Error {
  return Object.assign(new Error("The operation was aborted", { cause: signal?.reason }), { name: "AbortError", code: "ABORT_ERR" });
}

/** S3 answers a missing object (or upload) with 404; the SDK names it NoSuchKey, NotFound or NoSuchUpload. */
function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 404 || ["NoSuchKey", "NotFound", "NoSuchUpload"].includes(error.name);
}
