// npm run bench:upload [-- --mb 500 --repeats 3] — streams a 500 MB multipart upload
// over loopback to a plain Node HTTP server whose handler turns the request into a
// Web Request (the way Next.js does for route handlers) and calls the real
// parseUpload with local storage in a temp folder. In the same run the same bytes go
// to handlers that only discard them: the baseline. Every server is a fresh process
// whose RSS is sampled every 50 ms. Results go to BENCHMARKS.md ("bench:upload").
//
// `--s3` (issue 12) runs the S3 rows instead: the same upload through parseUpload into
// S3Storage (a multipart upload on a real radosgw that the bench starts on loopback,
// scripts/s3/), next to the local-disk row of the same run; then an upload cut off
// half-way, after which ListMultipartUploads must show none left. Printed, not written
// to BENCHMARKS.md (that section keeps hand-written notes).
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { LocalStorage } from "../../lib/storage/local-storage";
import { S3Storage } from "../../lib/storage/s3-storage";
import type { S3Settings } from "../../lib/storage/s3-settings";
import type { Storage } from "../../lib/storage/storage-interface";
import { startTestRadosgw } from "../../lib/storage/__tests__/support/radosgw";
import { discardUpload, parseUpload } from "../../lib/uploads/parse-upload";
import { generateUpload } from "./upload-body";

const MiB = 1024 * 1024;
const TARGET_RSS_GROWTH_MB = 64;
const TARGET_THROUGHPUT_MB_S = 100;
const SAMPLE_EVERY_MS = 50;

const HANDLERS = {
  "discard-node": "discard the bytes (Node stream)",
  "discard-web": "discard the bytes (Web Request body)",
  parse: "parseUpload → local storage",
  s3: "parseUpload → S3 (radosgw multipart)",
} as const;
type Handler = keyof typeof HANDLERS;
type Phase = "cold" | "warm";

type Run = { handler: Handler; phase: Phase; fileMB: number; seconds: number; throughputMBs: number; rssGrowthMB: number; baselineMB: number };
type Memory = { baselineBytes: number; peakBytes: number };

// ---- server process -------------------------------------------------------------

function serve(handler: Handler, storageDir: string): void {
  // For S3, storageDir carries the settings as JSON. The SDK is loaded before the first
  // baseline (as in a web server that has answered a health check), so "cold" measures
  // the upload, not loading the SDK (~36 MB).
  // `--queue N` (S3 only) tries another number of parts in flight than S3Storage's default.
  const s3 = handler === "s3" ? (JSON.parse(storageDir) as { settings: S3Settings; queueSize?: number }) : null;
  const storage: Storage = s3 ? new S3Storage({ settings: s3.settings, queueSize: s3.queueSize }) : new LocalStorage(storageDir);
  const ready = handler === "s3" ? (storage as S3Storage).checkReady() : Promise.resolve();
  const limits = { maxFileBytes: 600 * MiB, maxBatchBytes: 600 * MiB, maxFiles: 20 };
  let baseline = 0;
  let peak = 0;
  let sampler: NodeJS.Timeout | undefined;
  let cleanup: Promise<void> = Promise.resolve();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };

  const server = http.createServer(async (req, res) => {
    try {
      if (handler === "discard-node") {
        for await (const _chunk of req);
        return void res.end("{}");
      }
      const request = toWebRequest(req, res);
      if (handler === "discard-web") {
        const reader = request.body!.getReader();
        while (!(await reader.read()).done);
        return void res.end("{}");
      }
      const upload = await parseUpload(request, { storage, limits });
      res.end(JSON.stringify({ files: upload.files.map(({ bytes, sha256 }) => ({ bytes, sha256 })) }));
      cleanup = discardUpload(upload, storage);
      process.send!({ type: "handled", error: null });
    } catch (error) {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: String(error) }));
      // parseUpload has cleaned up by the time it rejects (for S3: aborted the multipart upload).
      process.send!({ type: "handled", error: String(error) });
    }
  });

  process.on("message", async (message: { type: string }) => {
    if (message.type === "start") {
      globalThis.gc?.();
      baseline = process.memoryUsage.rss();
      peak = baseline;
      sampler = setInterval(sample, SAMPLE_EVERY_MS);
      process.send!({ type: "started" });
    } else if (message.type === "stop") {
      clearInterval(sampler);
      sample();
      await cleanup;
      process.send!({ type: "memory", baselineBytes: baseline, peakBytes: peak });
    }
  });
  process.on("disconnect", () => server.close());
  server.listen(0, "127.0.0.1", async () => {
    await ready;
    const address = server.address();
    if (typeof address !== "object" || !address) throw new Error("server has no address");
    process.send!({ type: "ready", port: address.port });
  });
}

/**
 * What Next.js does for a route handler (NextRequestAdapter.fromNodeNextRequest):
 * the Node request itself becomes the body of a Web Request, aborted when the client leaves.
 */
function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort(new Error("client disconnected"));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    // undici accepts any async iterable of bytes as a body, as Next.js relies on.
    body: req as unknown as BodyInit,
    duplex: "half",
    signal: controller.signal,
  } as RequestInit);
}

// ---- client (the parent process) ------------------------------------------------

/**
 * A fresh server process for `handler` and two uploads in a row: into the fresh
 * process (cold), then into the same one (warm), each measured from its own RSS
 * baseline taken just before it starts.
 */
async function benchmark(handler: Handler, fileBytes: number, storageDir: string): Promise<Run[]> {
  const server = fork(import.meta.filename, ["--serve", handler, storageDir], {
    execArgv: [...process.execArgv, "--expose-gc"],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
  });
  try {
    const { port } = await nextMessage<{ port: number }>(server, "ready");
    const runs: Run[] = [];
    for (const phase of ["cold", "warm"] as const) {
      server.send({ type: "start" });
      await nextMessage(server, "started");

      const upload = generateUpload(fileBytes);
      const started = performance.now();
      const response = await send(port, upload.contentType, upload.bodyBytes, upload.body);
      const seconds = (performance.now() - started) / 1000;
      if (response.status !== 200) throw new Error(`${handler}: HTTP ${response.status} ${response.text}`);
      if (handler === "parse" || handler === "s3") {
        const [file] = (JSON.parse(response.text) as { files: { bytes: number; sha256: string }[] }).files;
        if (file?.bytes !== fileBytes || file.sha256 !== upload.sha256()) {
          throw new Error(`parse: stored ${file?.bytes} bytes, sha256 ${file?.sha256}; sent ${fileBytes}, ${upload.sha256()}`);
        }
      }

      server.send({ type: "stop" });
      const memory = await nextMessage<Memory>(server, "memory");
      runs.push({
        handler,
        phase,
        fileMB: fileBytes / MiB,
        seconds,
        throughputMBs: fileBytes / MiB / seconds,
        rssGrowthMB: (memory.peakBytes - memory.baselineBytes) / MiB,
        baselineMB: memory.baselineBytes / MiB,
      });
    }
    return runs;
  } finally {
    server.kill();
  }
}

function send(port: number, contentType: string, length: number, body: Readable): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method: "POST", path: "/api/v1/batches", agent: false, headers: { "content-type": contentType, "content-length": length } },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    pipeline(body, request).catch(reject);
  });
}

function nextMessage<T = unknown>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off("message", onMessage).off("exit", onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`server process exited (${code}) before "${type}"`));
    child.on("message", onMessage).once("exit", onExit);
  });
}

// ---- report ---------------------------------------------------------------------

type Row = { label: string; phase: Phase; fileMB: number; runs: Run[] };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function rowsOf(runs: Run[]): Row[] {
  const rows = new Map<string, Row>();
  for (const run of runs) {
    const id = `${run.handler}/${run.fileMB}/${run.phase}`;
    const row = rows.get(id) ?? { label: HANDLERS[run.handler], phase: run.phase, fileMB: run.fileMB, runs: [] };
    row.runs.push(run);
    rows.set(id, row);
  }
  return [...rows.values()];
}

function formatRow(row: Row): string {
  const growth = row.runs.map((run) => run.rssGrowthMB);
  return [
    row.label,
    `${row.fileMB} MB`,
    row.phase,
    `${median(row.runs.map((run) => run.seconds)).toFixed(2)} s`,
    `${median(row.runs.map((run) => run.throughputMBs)).toFixed(0)} MB/s`,
    `${median(growth).toFixed(0)} MB (${Math.min(...growth).toFixed(0)}–${Math.max(...growth).toFixed(0)})`,
    `${median(row.runs.map((run) => run.baselineMB)).toFixed(0)} MB`,
  ].join(" | ");
}

function report(runs: Run[], fileMB: number, repeats: number): { markdown: string; met: boolean } {
  const parse = runs.filter((run) => run.handler === "parse" && run.fileMB === fileMB);
  const baseline = runs.filter((run) => run.handler === "discard-node" && run.phase === "cold");
  const worstGrowth = Math.max(...parse.map((run) => run.rssGrowthMB));
  const slowest = Math.min(...parse.map((run) => run.throughputMBs));
  const rssOk = worstGrowth <= TARGET_RSS_GROWTH_MB;
  const speedOk = slowest >= TARGET_THROUGHPUT_MB_S;
  const cpus = os.cpus();
  const markdown = [
    "## bench:upload",
    "",
    `\`npm run bench:upload\`: one ${fileMB} MB CSV file in a multipart/form-data POST over loopback to a`,
    "plain Node HTTP server that hands the handler a Web Request built the way Next.js builds one",
    "for route handlers. The file is generated while it is sent, never held in memory. Every server",
    "is a fresh process; \"cold\" is its first upload, \"warm\" the next one in the same process. RSS",
    `is sampled every ${SAMPLE_EVERY_MS} ms; growth is the peak minus the RSS just before the upload (after a`,
    `GC). ${repeats} server processes per row: medians, with the range of RSS growth. MB = 2^20 bytes.`,
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"},`,
    `${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}, files in ${os.tmpdir()}.`,
    "",
    "| handler | file | upload | time | throughput | server RSS growth | RSS before |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rowsOf(runs).map((row) => `| ${formatRow(row)} |`),
    "",
    `Targets for parseUpload at ${fileMB} MB, judged on the worst run: throughput ≥ ${TARGET_THROUGHPUT_MB_S} MB/s — ` +
      `${slowest.toFixed(0)} MB/s, ${speedOk ? "met" : "MISSED"}; RSS growth ≤ ${TARGET_RSS_GROWTH_MB} MB — ${worstGrowth.toFixed(0)} MB, ${rssOk ? "met" : "MISSED"}.`,
    "The stored file's size and sha256 are checked against what was sent; the time includes",
    "parsing, hashing and writing the file, fsync included, up to the response.",
    "",
    "Reading the RSS figures: the handler that discards every byte and keeps nothing grows by",
    `${median(baseline.map((run) => run.rssGrowthMB)).toFixed(0)} MB (cold median) as well. That growth is garbage the runtime has not collected`,
    "yet (every socket read is a new Buffer, and V8 frees them in batches, tens of MB at a time)",
    "plus memory the allocator keeps after freeing. It levels off instead of following the",
    `file: compare the ${fileMB / 10} MB and ${fileMB} MB rows. Nothing in the upload path holds more than the`,
    "streams' 64 KiB buffers; a buffered file would show up as its full size.",
    "",
  ].join("\n");
  return { markdown, met: rssOk && speedOk };
}

/** Replaces this benchmark's section of BENCHMARKS.md and leaves every other section alone. */
async function writeSection(section: string): Promise<string> {
  const file = path.resolve("BENCHMARKS.md");
  const existing = await readFile(file, "utf8").catch(() => "# Benchmarks\n\nFigures from the `bench:*` scripts and the machines they ran on.\n");
  const start = existing.indexOf("## bench:upload");
  let next: string;
  if (start === -1) {
    next = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const end = existing.indexOf("\n## ", start + 1);
    next = `${existing.slice(0, start)}${section}${end === -1 ? "" : `\n${existing.slice(end + 1)}`}`;
  }
  await writeFile(file, next);
  return file;
}

function numberArg(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const value = index === -1 ? fallback : Number(args[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

// ---- S3 (issue 12) -------------------------------------------------------------

const TARGET_S3_RSS_GROWTH_MB = 70;

/** Settings from a running radosgw's s3.env (`--s3-env FILE`), or a fresh radosgw this run starts and stops. */
async function s3Endpoint(args: string[]): Promise<{ settings: S3Settings; stop(): Promise<void> }> {
  const index = args.indexOf("--s3-env");
  if (index === -1) return startTestRadosgw();
  const values = Object.fromEntries(
    (await readFile(args[index + 1]!, "utf8")).split("\n").flatMap((line) => {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!]] : [];
    }),
  );
  const settings: S3Settings = {
    bucket: values.S3_BUCKET!,
    region: values.S3_REGION!,
    endpoint: values.S3_ENDPOINT!,
    forcePathStyle: values.S3_FORCE_PATH_STYLE === "true",
    accessKeyId: values.S3_ACCESS_KEY_ID!,
    secretAccessKey: values.S3_SECRET_ACCESS_KEY!,
  };
  return { settings, stop: async () => undefined };
}

/** Multipart uploads the bucket holds unfinished, as ListMultipartUploads answers. */
async function unfinishedUploads(settings: S3Settings): Promise<{ key: string; uploadId: string }[]> {
  const { createS3Client } = await import("../../lib/storage/s3-client");
  const { ListMultipartUploadsCommand } = await import("@aws-sdk/client-s3");
  const client = createS3Client(settings);
  try {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: settings.bucket }));
    return (page.Uploads ?? []).map((upload) => ({ key: upload.Key ?? "?", uploadId: upload.UploadId ?? "?" }));
  } finally {
    client.destroy();
  }
}

/**
 * Sends `fileBytes` of upload and cuts the connection off half-way, as a client that goes
 * away does; waits for the handler to give up, then lists the bucket's multipart uploads.
 */
async function cutOffUpload(settings: S3Settings, fileBytes: number): Promise<{ handlerError: string | null; left: { key: string; uploadId: string }[]; leftBefore: number }> {
  const leftBefore = (await unfinishedUploads(settings)).length;
  const server = fork(import.meta.filename, ["--serve", "s3", JSON.stringify({ settings })], { execArgv: [...process.execArgv, "--expose-gc"] });
  try {
    const { port } = await nextMessage<{ port: number }>(server, "ready");
    const handled = nextMessage<{ error: string | null }>(server, "handled");
    const upload = generateUpload(fileBytes);
    const request = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/v1/batches",
      agent: false,
      headers: { "content-type": upload.contentType, "content-length": upload.bodyBytes },
    });
    request.on("error", () => undefined);
    let sent = 0;
    for await (const chunk of upload.body) {
      if (!request.write(chunk as Buffer)) await new Promise((resolve) => request.once("drain", resolve));
      sent += (chunk as Buffer).length;
      if (sent >= fileBytes / 2) break;
    }
    request.destroy();
    const { error } = await handled;
    return { handlerError: error, left: await unfinishedUploads(settings), leftBefore };
  } finally {
    server.kill();
  }
}

async function benchmarkS3(args: string[], fileMB: number, repeats: number): Promise<void> {
  const endpoint = await s3Endpoint(args);
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-upload-"));
  try {
    console.log(`node ${process.version}, ${os.cpus().length} cores, radosgw at ${endpoint.settings.endpoint}, load average ${os.loadavg()[0]?.toFixed(2)}`);
    const runs: Run[] = [];
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      // Interleaved, so both rows see the same machine.
      const queueSize = args.includes("--queue") ? numberArg(args, "--queue", 2) : undefined;
      for (const [handler, target] of [["parse", storageDir], ["s3", JSON.stringify({ settings: endpoint.settings, queueSize })]] as const) {
        for (const run of await benchmark(handler, Math.round(fileMB * MiB), target)) {
          console.log(
            `${HANDLERS[run.handler].padEnd(38)} ${String(run.fileMB).padStart(4)} MB ${run.phase}  ${run.seconds.toFixed(2).padStart(6)} s  ` +
              `${run.throughputMBs.toFixed(0).padStart(5)} MB/s  RSS +${run.rssGrowthMB.toFixed(1)} MB (from ${run.baselineMB.toFixed(0)} MB)  load ${os.loadavg()[0]?.toFixed(2)}`,
          );
          runs.push(run);
        }
      }
    }
    console.log("\n| handler | file | upload | time | throughput | server RSS growth | RSS before |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const row of rowsOf(runs)) console.log(`| ${formatRow(row)} |`);
    const worst = Math.max(...runs.filter((run) => run.handler === "s3").map((run) => run.rssGrowthMB));
    console.log(`\nTarget for S3 at ${fileMB} MB, judged on the worst run: RSS growth ≤ ~${TARGET_S3_RSS_GROWTH_MB} MB (as local disk) — ${worst.toFixed(0)} MB, ${worst <= TARGET_S3_RSS_GROWTH_MB ? "met" : "MISSED"}. Load average ${os.loadavg().map((value) => value.toFixed(2)).join(", ")}.`);

    const cut = await cutOffUpload(endpoint.settings, Math.round(fileMB * MiB));
    console.log(`\nUpload cut off half-way: the handler ended with ${cut.handlerError ?? "no error (unexpected)"}`);
    console.log(`ListMultipartUploads before: ${cut.leftBefore}; after: ${cut.left.length}${cut.left.map((upload) => ` ${upload.key} (${upload.uploadId})`).join(",")} — ${cut.left.length === 0 ? "none left, as required" : "LEFT BEHIND"}`);
    if (cut.left.length > 0 || cut.handlerError === null) process.exitCode = 1;
  } finally {
    await rm(storageDir, { recursive: true, force: true });
    await endpoint.stop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--serve") return serve(args[1] as Handler, args[2]!);
  if (args.includes("--s3")) return benchmarkS3(args, numberArg(args, "--mb", 500), numberArg(args, "--repeats", 3));

  const fileMB = numberArg(args, "--mb", 500);
  const repeats = numberArg(args, "--repeats", 3);
  const plan: [Handler, number][] = [
    ["discard-node", fileMB],
    ["discard-web", fileMB],
    ["parse", fileMB],
    ["parse", fileMB / 10],
  ];
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-upload-"));
  try {
    const runs: Run[] = [];
    for (const [handler, mb] of plan) {
      for (let repeat = 0; repeat < repeats; repeat += 1) {
        for (const run of await benchmark(handler, Math.round(mb * MiB), storageDir)) {
          console.log(
            `${HANDLERS[run.handler].padEnd(38)} ${String(run.fileMB).padStart(4)} MB ${run.phase}  ${run.seconds.toFixed(2).padStart(6)} s  ` +
              `${run.throughputMBs.toFixed(0).padStart(5)} MB/s  RSS +${run.rssGrowthMB.toFixed(1)} MB (from ${run.baselineMB.toFixed(0)} MB)`,
          );
          runs.push(run);
        }
      }
    }
    const { markdown, met } = report(runs, fileMB, repeats);
    console.log(`\n${markdown}`);
    console.log(met ? "Targets met." : "Targets MISSED (see above).");
    if (fileMB === 500) console.log(`Results written to ${await writeSection(markdown)}`);
    else console.log("Not written to BENCHMARKS.md: it records the 500 MB run only.");
  } finally {
    await rm(storageDir, { recursive: true, force: true });
  }
}

await main();
