// Where bench:pipeline's S3 time goes (issue 12): the worker's file processing taken
// apart, on the same 1M-row file, without web server, queue or database. In one process:
//
//   put      the file into storage (what the upload does after parsing)
//   get      the file read back and thrown away (the worker's input alone)
//   results  two ≈ 60–70 MB streams written at once (the cleaned and report CSVs alone)
//   process  processContactList reading from storage and writing both results into it,
//            exactly as lib/batches/process-batch-file.ts wires it
//
// each on local disk and on S3 (a radosgw on loopback: `--s3-env FILE`, the s3.env that
// scripts/s3/start-radosgw.sh writes, and `--rgw-dir DIR`, its folder, to read the
// gateway's and the OSD's CPU time from /proc). For every step: wall time, this
// process's CPU time, radosgw's and the OSD's CPU time, the load average.
//
//   tsx scripts/bench/s3-worker-io.ts --s3-env DIR/s3.env --rgw-dir DIR [--rows=1000000]
//        [--part-mib=5] [--queue=2] [--runs=2] [--steps=put,get,results,process] [--storages=local,s3]
// The SDK's checksums follow AWS_REQUEST_CHECKSUM_CALCULATION / AWS_RESPONSE_CHECKSUM_VALIDATION.
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { LocalStorage } from "../../lib/storage/local-storage";
import type { S3Settings } from "../../lib/storage/s3-settings";
import { S3Storage } from "../../lib/storage/s3-storage";
import type { Storage } from "../../lib/storage/storage-interface";
import { processContactList } from "../../lib/verification/process-contact-list";
import { writeContactCsv } from "./verify-data";

const args = process.argv.slice(2);
const text = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const option = (name: string, fallback: number) => Number(text(name) ?? fallback);
const ROWS = option("rows", 1_000_000);
const RUNS = option("runs", 2);
const MiB = 1024 * 1024;
const STEPS = (text("steps") ?? "put,get,results,process").split(",");
const STORAGES = (text("storages") ?? "local,s3").split(",");

type Figures = { wallS: number; ownCpuS: number; rgwCpuS: number; osdCpuS: number; chunks: number; load: number };

async function main(): Promise<void> {
  const envFile = args[args.indexOf("--s3-env") + 1];
  const rgwDir = args[args.indexOf("--rgw-dir") + 1];
  if (!args.includes("--s3-env") || !args.includes("--rgw-dir") || !envFile || !rgwDir) throw new Error("--s3-env FILE and --rgw-dir DIR are required");
  const dir = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-s3io-"));
  try {
    const file = path.join(dir, "contacts.csv");
    await writeContactCsv(file, ROWS);
    const { size } = await stat(file);
    const s3 = new S3Storage({ settings: await readSettings(envFile), partSize: option("part-mib", 5) * MiB, queueSize: option("queue", 2) });
    await s3.checkReady(); // loads the SDK outside the measurements
    const storages: Record<string, Storage> = { local: new LocalStorage(path.join(dir, "store")), s3 };
    console.log(
      `node ${process.version}, ${os.cpus().length} cores; ${ROWS.toLocaleString("en")} rows, ${(size / MiB).toFixed(0)} MB; ` +
        `S3 part ${option("part-mib", 5)} MiB, queue ${option("queue", 2)}, checksums ${process.env.AWS_REQUEST_CHECKSUM_CALCULATION ?? "SDK default"}/${process.env.AWS_RESPONSE_CHECKSUM_VALIDATION ?? "SDK default"}`,
    );
    console.log("| storage | step | wall s | this process CPU s | radosgw CPU s | OSD CPU s | chunks read | load avg |");
    console.log("|---|---|---:|---:|---:|---:|---:|---:|");
    for (let run = 0; run < RUNS; run++) {
      for (const name of STORAGES) {
        const storage = storages[name]!;
        const key = `bench/run${run}/contacts`;
        const steps: Record<string, () => Promise<number>> = {
          put: async () => (await storage.put(key, createReadStream(file))).bytes * 0,
          get: async () => {
            let chunks = 0;
            for await (const _chunk of storage.get(key)) chunks++;
            return chunks;
          },
          results: async () => {
            await Promise.all([storage.put(`${key}-a`, createReadStream(file)), storage.put(`${key}-b`, createReadStream(file))]);
            return 0;
          },
          process: async () => {
            let chunks = 0;
            const input = storage.get(key);
            input.on("data", () => chunks++);
            const cleaned = new PassThrough();
            const report = new PassThrough();
            await Promise.all([
              processContactList(input, { cleaned, report, sizeHint: size }),
              storage.put(`${key}-cleaned`, cleaned),
              storage.put(`${key}-report`, report),
            ]);
            return chunks;
          },
        };
        if (!STEPS.includes("put")) await storage.put(key, createReadStream(file));
        for (const step of STEPS) {
          const figures = await measure(rgwDir, steps[step]!);
          console.log(
            `| ${name} | ${step} | ${figures.wallS.toFixed(2)} | ${figures.ownCpuS.toFixed(2)} | ${name === "s3" ? figures.rgwCpuS.toFixed(2) : "–"} | ` +
              `${name === "s3" ? figures.osdCpuS.toFixed(2) : "–"} | ${figures.chunks || "–"} | ${figures.load.toFixed(2)} |`,
          );
        }
        await storage.deletePrefix(`bench/run${run}/`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(rgwDir: string, step: () => Promise<number>): Promise<Figures> {
  globalThis.gc?.();
  const [rgw0, osd0] = await Promise.all([cpuSeconds(rgwDir, "client.rgw.tidings"), cpuSeconds(rgwDir, "osd.0")]);
  const own0 = process.cpuUsage();
  const started = performance.now();
  const chunks = await step();
  const wallS = (performance.now() - started) / 1000;
  const own = process.cpuUsage(own0);
  const [rgw1, osd1] = await Promise.all([cpuSeconds(rgwDir, "client.rgw.tidings"), cpuSeconds(rgwDir, "osd.0")]);
  return { wallS, ownCpuS: (own.user + own.system) / 1e6, rgwCpuS: rgw1 - rgw0, osdCpuS: osd1 - osd0, chunks, load: os.loadavg()[0] ?? 0 };
}

// utime + stime of a Ceph daemon, from /proc/PID/stat (fields 14 and 15, in clock ticks).
async function cpuSeconds(rgwDir: string, daemon: string): Promise<number> {
  const pid = (await readFile(path.join(rgwDir, "run", `${daemon}.pid`), "utf8")).trim();
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function readSettings(file: string): Promise<S3Settings> {
  const values = Object.fromEntries(
    (await readFile(file, "utf8")).split("\n").flatMap((line) => {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!]] : [];
    }),
  );
  return {
    bucket: values.S3_BUCKET!,
    region: values.S3_REGION!,
    endpoint: values.S3_ENDPOINT!,
    forcePathStyle: values.S3_FORCE_PATH_STYLE === "true",
    accessKeyId: values.S3_ACCESS_KEY_ID!,
    secretAccessKey: values.S3_SECRET_ACCESS_KEY!,
  };
}

void Readable;
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
