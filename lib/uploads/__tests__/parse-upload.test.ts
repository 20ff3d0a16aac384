import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { LocalStorage } from "../../storage/local-storage";
import { storage as configuredStorage } from "../../storage/storage";
import { type ParseUploadOptions, discardUpload, parseUpload } from "../parse-upload";
import type { UploadLimits } from "../upload-limits";
import { makeZip } from "../../verification/__tests__/support/make-zip";
import { type StreamedPart, streamedMultipart, streamedRequest } from "./support/multipart-stream";

const MiB = 1024 * 1024;
const KEY = /^uploads\/[0-9a-f-]{36}\/\d+$/;

let root: string;
let store: LocalStorage;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "tidings-upload-"));
  store = new LocalStorage(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const limits: UploadLimits = { maxFileBytes: 1 * MiB, maxFiles: 3, maxBatchBytes: 2 * MiB, maxFieldBytes: 64 * 1024, maxFields: 5 };

function parse(request: Request, options: ParseUploadOptions = {}) {
  return parseUpload(request, { storage: store, limits, ...options });
}

/**
 * A POST of the multipart body the platform encodes for `form`. Encoded up front:
 * undici's FormData body stream rejects unhandled when a reader cancels it early,
 * which is what parseUpload does on a limit (a real request body cancels cleanly).
 */
async function formRequest(form: FormData): Promise<Request> {
  const encoded = new Response(form);
  return new Request("http://tidings.test/api/v1/batches", {
    method: "POST",
    body: await encoded.arrayBuffer(),
    headers: { "content-type": encoded.headers.get("content-type") ?? "" },
  });
}

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Every file under the storage folder, temp files included. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const csv = "email,name\nada@example.com,Ada Lovelace\ngrace@example.com,Grace Hopper\n";
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("email\r\nzoë@example.com\r\n", "utf16le")]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(3000, 7)]);

describe("parseUpload", () => {
  it("stores several files under generated keys with their sha256, sizes and a first look at the content", async () => {
    const form = new FormData();
    form.append("files", new Blob([csv], { type: "text/csv" }), "contacts.csv");
    form.append("files", new Blob([utf16], { type: "text/plain" }), "excel-export.txt");
    form.append("files", new Blob([png], { type: "image/png" }), "logo.csv");
    form.append("options", JSON.stringify({ notifications: { email: { enabled: true, on: ["SUCCESS"] } } }));
    form.append("email_column", "E-mail");

    const upload = await parse(await formRequest(form));

    expect(upload.files).toEqual([
      { key: expect.stringMatching(KEY), originalName: "contacts.csv", bytes: Buffer.byteLength(csv), sha256: sha256(csv), contentType: "text/csv", looksLikeText: true, bom: null, zipEntries: null },
      { key: expect.stringMatching(KEY), originalName: "excel-export.txt", bytes: utf16.length, sha256: sha256(utf16), contentType: "text/plain", looksLikeText: true, bom: "utf-16le", zipEntries: null },
      // Not rejected here: the processor reports it as a failed file, which is what people should see.
      { key: expect.stringMatching(KEY), originalName: "logo.csv", bytes: png.length, sha256: sha256(png), contentType: "image/png", looksLikeText: false, bom: null, zipEntries: null },
    ]);
    expect(upload.fields).toEqual({
      options: '{"notifications":{"email":{"enabled":true,"on":["SUCCESS"]}}}',
      email_column: "E-mail",
    });
    expect(upload.totalBytes).toBe(Buffer.byteLength(csv) + utf16.length + png.length);
    for (const file of upload.files) expect(file.key.startsWith(upload.keyPrefix)).toBe(true);
    expect(new Set(upload.files.map((file) => file.key)).size).toBe(3);

    expect((await buffer(store.get(upload.files[0]!.key))).toString()).toBe(csv);
    expect(await buffer(store.get(upload.files[1]!.key))).toEqual(utf16);
    expect(await buffer(store.get(upload.files[2]!.key))).toEqual(png);
    expect((await filesOnDisk()).sort()).toEqual(upload.files.map((file) => file.key).sort());
  });

  it("reads what a zip holds from its directory as it streams past, bigger than the bytes it keeps; other files hold nothing", async () => {
    // 700 kB stored before the directory: more than the tail kept, so its trimming is exercised.
    const padding = Buffer.alloc(700 * 1024, 0x61);
    const zip = makeZip(
      [
        { name: "export/", content: "", store: true },
        { name: "export/contacts.csv", content: padding, store: true },
        { name: "export/notes.txt", content: "hello" },
      ],
      { streamed: true },
    );
    const streamed = streamedMultipart([
      { field: "files", filename: "export.zip", contentType: "application/zip", content: zip },
      { field: "files", filename: "contacts.csv", content: Buffer.from(csv) },
      { field: "files", filename: "fake.zip", content: Buffer.from("PK\u0003\u0004 and nothing a zip has") },
    ]);

    const upload = await parse(streamedRequest(streamed));

    expect(upload.files.map((file) => file.zipEntries)).toEqual([
      [
        { name: "export/", directory: true },
        { name: "export/contacts.csv", directory: false },
        { name: "export/notes.txt", directory: false },
      ],
      null,
      null,
    ]);
  });

  it("computes the sha256 of a file that arrives in many chunks", async () => {
    const big = Buffer.alloc(900 * 1024);
    for (let i = 0; i < big.length; i += 1) big[i] = 32 + ((i * 7919) % 90);
    const upload = await parse(await formRequest(withFiles([big, "big.csv"])));
    expect(upload.files[0]).toMatchObject({ bytes: big.length, sha256: sha256(big), looksLikeText: true });
  });

  it("cuts off an oversized file while it streams, and keeps no file of the upload", async () => {
    const streamed = streamedMultipart([
      { field: "files", filename: "small.csv", content: Buffer.from(csv) },
      // 1 GiB announced as a stream: if the parser buffered it, this test would run out of memory or time.
      { field: "files", filename: "huge.csv", size: 1024 * MiB },
    ]);

    const error = await rejection(parse(streamedRequest(streamed)));

    expect(error.status).toBe(413);
    expect(error.message).toBe('"huge.csv" is larger than the 1 MB allowed per file.');
    expect(error.details).toMatchObject({ limit: "file_bytes", file: "huge.csv", maxFileBytes: MiB });
    expect(streamed.progress.pulledBytes).toBeLessThan(3 * MiB);
    expect(streamed.progress.cancelled).toBe(true);
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses more files than allowed", async () => {
    const form = withFiles(["a", "1.csv"], ["b", "2.csv"], ["c", "3.csv"], ["d", "4.csv"]);
    const error = await rejection(parse(await formRequest(form)));

    expect(error.status).toBe(413);
    expect(error.message).toBe('An upload may hold at most 3 files; "4.csv" is file 4.');
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses files that together exceed the upload limit", async () => {
    const part = Buffer.alloc(900 * 1024, "a");
    const form = withFiles([part, "1.csv"], [part, "2.csv"], [part, "3.csv"]);
    const error = await rejection(parse(await formRequest(form)));

    expect(error.status).toBe(413);
    expect(error.message).toBe('The files of this upload together are larger than the 2 MB allowed per upload (reached while receiving "3.csv").');
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses a body whose declared length cannot fit, without reading it", async () => {
    const streamed = streamedMultipart([{ field: "files", filename: "huge.csv", size: 1024 * MiB }]);
    const request = streamedRequest(streamed, { headers: { "content-length": String(1024 * MiB + 200) } });
    const error = await rejection(parse(request));

    expect(error.status).toBe(413);
    expect(error.details).toMatchObject({ limit: "batch_bytes" });
    expect(request.bodyUsed).toBe(false);
  });

  it("caps bytes busboy would skip: a part without a name, an epilogue", async () => {
    const boundary = "----tidings-test-epilogue";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const epilogue = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
      },
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request("http://tidings.test/", {
      method: "POST",
      body: epilogue,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit);
    const error = await rejection(parse(request));

    expect(error.status).toBe(413);
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses an upload without files", async () => {
    const onlyFields = new FormData();
    onlyFields.append("options", "{}");
    const emptyFileInput = new FormData();
    emptyFileInput.append("files", new Blob([]), "");

    for (const form of [onlyFields, new FormData(), emptyFileInput]) {
      const error = await rejection(parse(await formRequest(form)));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/no files/);
    }
    expect(await filesOnDisk()).toEqual([]);
  });

  it("ignores an empty file input next to real files", async () => {
    const form = withFiles(["a", "1.csv"]);
    form.append("more", new Blob([]), "");
    const upload = await parse(await formRequest(form));
    expect(upload.files.map((file) => file.originalName)).toEqual(["1.csv"]);
    expect(await filesOnDisk()).toEqual([upload.files[0]!.key]);
  });

  it("answers 415 to anything but multipart/form-data, and 400 to a multipart type without boundary", async () => {
    const requests = [
      new Request("http://tidings.test/", { method: "POST", body: JSON.stringify({ files: [] }), headers: { "content-type": "application/json" } }),
      new Request("http://tidings.test/", { method: "POST", body: new URLSearchParams({ file: "a,b" }) }),
      new Request("http://tidings.test/", { method: "POST", body: new Blob([csv]) }),
      new Request("http://tidings.test/", { method: "POST", body: csv, headers: { "content-type": "text/csv" } }),
    ];
    for (const request of requests) {
      const error = await rejection(parse(request));
      expect(error.status).toBe(415);
      expect(error.code).toBe("unsupported_media_type");
    }
    const noBoundary = new Request("http://tidings.test/", { method: "POST", body: "x", headers: { "content-type": "multipart/form-data" } });
    expect((await rejection(parse(noBoundary))).status).toBe(400);
  });

  it("stores odd file names under safe keys and keeps only a clean display name", async () => {
    const long = `${"x".repeat(496)}.csv`;
    const names = [
      "../../etc/passwd",
      "C:\\fakepath\\list.csv",
      long,
      "<img src=x onerror=alert(1)>.csv",
      "<script>alert(1)</script>.csv",
      "in\u202Evoice\u2066gpj.csv",
      "tab\tand\u0085 next line.csv",
      "Mu\u0308ller Kunden.csv",
      "..",
    ];
    const upload = await parse(await formRequest(withFiles(...names.map((name): [string, string] => ["a", name]))), {
      limits: { ...limits, maxFiles: 10 },
    });

    expect(upload.files.map((file) => file.originalName)).toEqual([
      "passwd",
      "list.csv",
      `${"x".repeat(195)}….csv`,
      "<img src=x onerror=alert(1)>.csv",
      "script>.csv",
      "invoicegpj.csv",
      "tab and next line.csv",
      "Müller Kunden.csv",
      "unnamed",
    ]);
    for (const file of upload.files) expect(file.key).toMatch(KEY);
    const onDisk = await filesOnDisk();
    expect(onDisk.sort()).toEqual(upload.files.map((file) => file.key).sort());
  });

  it("refuses a part header with control characters as malformed", async () => {
    const error = await rejection(parse(await formRequest(withFiles(["a", "ok.csv"], ["b", "bell\u0007.csv"]))));
    expect(error.status).toBe(400);
    expect(error.message).toBe("The upload is not valid multipart/form-data: Malformed part header.");
    expect(await filesOnDisk()).toEqual([]);
  });

  it("keeps no partial file when the client disconnects mid-file", async () => {
    const streamed = streamedMultipart(
      [
        { field: "files", filename: "first.csv", content: Buffer.from(csv) },
        { field: "files", filename: "second.csv", size: 512 * 1024 },
      ],
      "error",
    );
    const error = await rejection(parse(streamedRequest(streamed)));

    expect(error.status).toBe(400);
    expect(error.message).toBe("The upload was interrupted before it was complete.");
    expect(await filesOnDisk()).toEqual([]);
  });

  it("stops and keeps nothing when the request is aborted while the client stalls", async () => {
    const streamed = streamedMultipart([{ field: "files", filename: "stalled.csv", size: 256 * 1024 }], "stall");
    const abort = new AbortController();
    const parsing = parse(streamedRequest(streamed, { signal: abort.signal }));
    await waitFor(async () => (await filesOnDisk()).length > 0);
    abort.abort();

    const error = await rejection(parsing);
    expect(error.status).toBe(400);
    expect(streamed.progress.cancelled).toBe(true);
    expect(await filesOnDisk()).toEqual([]);
  });

  it("refuses a body that ends before its closing boundary", async () => {
    const streamed = streamedMultipart([{ field: "files", filename: "cut.csv", content: Buffer.from(csv) }], "truncate");
    const error = await rejection(parse(streamedRequest(streamed)));

    expect(error.status).toBe(400);
    expect(error.message).toMatch(/not valid multipart\/form-data/);
    expect(await filesOnDisk()).toEqual([]);
  });

  it("caps the form fields next to the files", async () => {
    const oversized = withFiles(["a", "1.csv"]);
    oversized.append("options", "x".repeat(64 * 1024 + 1));
    const tooLarge = await rejection(parse(await formRequest(oversized)));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.message).toBe('The field "options" is larger than the 64 KB allowed.');

    const repeated = withFiles(["a", "1.csv"]);
    repeated.append("email_column", "a");
    repeated.append("email_column", "b");
    expect((await rejection(parse(await formRequest(repeated)))).status).toBe(400);

    const many = withFiles(["a", "1.csv"]);
    for (let i = 0; i < 6; i += 1) many.append(`f${i}`, "x");
    expect((await rejection(parse(await formRequest(many)))).status).toBe(413);

    const parts: StreamedPart[] = [{ field: "__proto__", value: "{}" }, { field: "files", filename: "1.csv", content: Buffer.from(csv) }];
    const upload = await parse(streamedRequest(streamedMultipart(parts)));
    expect(Object.getPrototypeOf(upload.fields)).toBe(Object.prototype);
    expect(Object.keys(upload.fields)).toEqual(["__proto__"]);

    const badName = streamedMultipart([{ field: "a b", value: "x" }, { field: "files", filename: "1.csv", content: Buffer.from(csv) }]);
    expect((await rejection(parse(streamedRequest(badName)))).status).toBe(400);
    expect(await filesOnDisk()).toEqual([upload.files[0]!.key]);
  });

  it("uses the configured limits and storage when given none", async () => {
    const upload = await parseUpload(await formRequest(withFiles([csv, "contacts.csv"])));
    const stored = configuredStorage();
    expect(await stored.exists(upload.files[0]!.key)).toBe(true);

    await discardUpload(upload);
    expect(await stored.exists(upload.files[0]!.key)).toBe(false);
  });
});

function withFiles(...files: [content: string | Uint8Array, name: string][]): FormData {
  const form = new FormData();
  for (const [content, name] of files) form.append("files", new Blob([content as BlobPart]), name);
  return form;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
