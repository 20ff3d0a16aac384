// `npm run bench:pipeline`: one 1M-row contact list (≈ 60 MB) through the whole
// production pipeline — uploaded over HTTP to `npm run web`, processed by `npm run
// worker`, results written, the batch email at the email provider (a local
// Resend-compatible server) — against Debian's PostgreSQL run as its own server, with
// storage on local disk and on S3 (Ceph's radosgw). Next to it, in the same run and on
// the same file: the processor alone (bench:verify's `process` runner, with the
// worker's Node flags) and the upload alone (first byte sent → 202).
// Target: first byte → email ≤ 1.5 × (upload + processor). Peak RSS of web and worker
// is the kernel's high-water mark (VmHWM) of each process.
//
//   npm run bench:pipeline [-- --rows=1000000] [--runs=2] [--reuse-build] [--no-write]
//        [--web-port=3930] [--postgres-port=55430] [--radosgw-port=55431]
// Each row also has the CPU time (from /proc) of the worker and of radosgw + its OSD from the
// first byte to the email: on one machine the S3 server shares the cores with the pipeline.
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startFakeResendServer } from "../../e2e/support/fake-resend-server";
import { apiClient, type AppProcess, ensureBuild, repoRoot, seedApiUser, startApp, startPostgres, startRadosgw, waitFor, waitForHttp } from "../topology/harness";
import { writeContactCsv } from "./verify-data";
import { WORKER_NODE_FLAGS } from "../../worker/node-flags";
import { writeBenchmarkSection } from "./write-section";

const execFileAsync = promisify(execFile);
const MB = 1024 * 1024;
const PORTS = {
  postgres: Number(process.argv.find((arg) => arg.startsWith("--postgres-port="))?.split("=")[1] ?? 55430),
  radosgw: Number(process.argv.find((arg) => arg.startsWith("--radosgw-port="))?.split("=")[1] ?? 55431),
  web: Number(process.argv.find((arg) => arg.startsWith("--web-port="))?.split("=")[1] ?? 3930),
};

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const ROWS = option("rows", 1_000_000);
const RUNS = option("runs", 2);

type Row = {
  loadAverage: number;
  storage: string;
  uploadS: number;
  processorS: number;
  pipelineS: number;
  ratio: number;
  fileProcessingS: number;
  webRssMb: number;
  workerRssMb: number;
  /** CPU time (user + system) spent from the first byte to the email, from /proc. */
  workerCpuS: number;
  radosgwCpuS: number;
};

async function main(): Promise<void> {
  const runDir = await mkdtemp(path.join(os.tmpdir(), "tidings-bench-pipeline-"));
  await chmod(runDir, 0o755); // the postgres user must enter it
  const stops: (() => Promise<unknown>)[] = [];
  try {
    if (!args.includes("--reuse-build")) ensureBuild();
    const [postgres, radosgw] = await Promise.all([
      startPostgres({ dir: path.join(runDir, "postgres"), port: PORTS.postgres, logFile: path.join(runDir, "postgres.log") }),
      startRadosgw({ dir: path.join(runDir, "radosgw"), port: PORTS.radosgw, logFile: path.join(runDir, "radosgw.log") }),
    ]);
    stops.push(() => postgres.stop(), () => radosgw.stop());
    const migrate = startApp("migrate", "db:migrate", { DATABASE_URL: postgres.url }, path.join(runDir, "migrate.log"));
    if ((await migrate.exited) !== 0) throw new Error(`db:migrate failed:\n${migrate.lines.join("\n")}`);
    const person = await seedApiUser(postgres.url, "pipeline-bench@acme-mail.com");
    const resend = await startFakeResendServer();
    stops.push(() => resend.stop());

    const file = path.join(runDir, "contacts.csv");
    await writeContactCsv(file, ROWS);
    const { size } = await stat(file);
    const cpu = os.cpus();
    const machine = `node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB`;
    console.log(`${machine}; ${ROWS.toLocaleString("en")} rows, ${(size / MB).toFixed(0)} MB; ${RUNS} run(s) per storage`);

    const rows: Row[] = [];
    for (let run = 1; run <= RUNS; run++) {
      for (const storage of ["local", "s3"] as const) {
        const storageEnv = storage === "s3" ? radosgw.settings : { STORAGE_DRIVER: "local", STORAGE_DIR: path.join(runDir, "uploads") };
        const row = await pipelineRun({ storage, storageEnv, runDir, databaseUrl: postgres.url, token: person.token, resend, file });
        rows.push(row);
        console.log(`run ${run} ${storage}: ${JSON.stringify(row)} (load average ${os.loadavg()[0]?.toFixed(2)})`);
      }
    }

    const table = [
      "| storage | upload s | processor s | first byte → email s | ÷ (upload + processor) | file processing in the worker s (÷ processor) | rest: queue, notify, email s | peak RSS web MB | peak RSS worker MB | CPU s worker | CPU s radosgw + OSD | load avg |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows.map((r) =>
        `| ${r.storage} | ${r.uploadS.toFixed(2)} | ${r.processorS.toFixed(2)} | ${r.pipelineS.toFixed(2)} | ${r.ratio.toFixed(2)}× | ${r.fileProcessingS.toFixed(2)} (${(r.fileProcessingS / r.processorS).toFixed(1)}×) | ${(r.pipelineS - r.uploadS - r.fileProcessingS).toFixed(2)} | ${r.webRssMb.toFixed(0)} | ${r.workerRssMb.toFixed(0)} | ${r.workerCpuS.toFixed(2)} | ${r.radosgwCpuS.toFixed(2)} | ${r.loadAverage.toFixed(1)} |`,
      ),
    ].join("\n");
    console.log(`\n${table}`);
    const verdicts = ["local", "s3"].map((storage) => {
      const worst = Math.max(...rows.filter((r) => r.storage === storage).map((r) => r.ratio));
      return `${storage}: worst run ${worst.toFixed(2)}× — ${worst <= 1.5 ? "met" : "MISSED"}`;
    });
    const verdict = `Target: first byte → email ≤ 1.5 × (upload + processor). ${verdicts.join("; ")}.`;
    console.log(verdict);
    if (!args.includes("--no-write")) {
      const written = await writeBenchmarkSection("## Pipeline (`npm run bench:pipeline`)", section(machine, size, table, verdict));
      console.log(`written to ${written}`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error("stop:", error));
    await rm(runDir, { recursive: true, force: true });
  }
}

async function pipelineRun(options: {
  storage: string;
  storageEnv: Record<string, string>;
  runDir: string;
  databaseUrl: string;
  token: string;
  resend: Awaited<ReturnType<typeof startFakeResendServer>>;
  file: string;
}): Promise<Row> {
  const { storage, runDir, databaseUrl, token, resend, file } = options;
  const env = {
    ...options.storageEnv,
    DATABASE_URL: databaseUrl,
    APP_ENV: "test",
    APP_URL: `http://127.0.0.1:${PORTS.web}`,
    HOST: "127.0.0.1",
    PORT: String(PORTS.web),
    DATA_DIR: path.join(runDir, `data-${storage}`),
    AUTH_SECRET: "pipeline-bench-secret-shared-by-every-process-0123456789",
    RESEND_API_KEY: "re_pipeline_bench",
    RESEND_BASE_URL: resend.url,
    SMTP_URL: "",
    LOG_LEVEL: "warn",
    UPLOAD_MAX_FILE_BYTES: String(200 * MB),
    UPLOAD_MAX_BATCH_BYTES: String(200 * MB),
  };
  const apps: AppProcess[] = [];
  try {
    const web = startApp("web", "web", env, path.join(runDir, `web-${storage}.log`));
    const worker = startApp("worker", "worker", { ...env, LOG_LEVEL: "info" }, path.join(runDir, `worker-${storage}.log`));
    apps.push(web, worker);
    await worker.waitForEvent("worker.ready", 60_000);
    await waitForHttp(`${env.APP_URL}/api/health`, 120_000, () => !web.hasExited());
    const api = apiClient(env.APP_URL, token);

    const rgwDir = path.join(runDir, "radosgw");
    const [rgwCpu0, workerCpu0] = await Promise.all([cephCpuSeconds(rgwDir), groupCpuSeconds(worker)]);
    const firstByteAt = Date.now();
    const batch = await api.upload([file]);
    const uploadMs = Date.now() - firstByteAt;
    const email = await waitFor("the batch email at the provider", 300_000, () => {
      const request = resend.requests().find((r) => JSON.stringify(r.body).includes(batch.id));
      return request?.receivedAt;
    }, 20);
    const pipelineMs = email.getTime() - firstByteAt;
    const [rgwCpu1, workerCpu1] = await Promise.all([cephCpuSeconds(rgwDir), groupCpuSeconds(worker)]);
    const finished = await api.getBatch(batch.id);
    if (finished.batch?.status !== "completed") throw new Error(`the batch ended ${finished.batch?.status}`);
    const fileProcessingMs = (finished.batch as unknown as { timings: { processingMs: number | null } }).timings.processingMs ?? 0;
    const [webRss, workerRss] = [peakRss(web), peakRss(worker)];

    // The processor alone on the same file, now, with the worker's Node flags.
    const outDir = path.join(runDir, "processor-out");
    await mkdir(outDir, { recursive: true });
    const { stdout } = await execFileAsync(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", path.join(repoRoot, "scripts/bench/verify-run.ts"), "process", file, outDir], {
      cwd: repoRoot,
      maxBuffer: MB,
    });
    await rm(outDir, { recursive: true, force: true });
    const processorMs = (JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { ms: number }).ms;
    return {
      loadAverage: os.loadavg()[0] ?? 0,
      storage,
      uploadS: uploadMs / 1000,
      processorS: processorMs / 1000,
      pipelineS: pipelineMs / 1000,
      ratio: pipelineMs / (uploadMs + processorMs),
      fileProcessingS: fileProcessingMs / 1000,
      webRssMb: (await webRss) / MB,
      workerRssMb: (await workerRss) / MB,
      workerCpuS: workerCpu1 - workerCpu0,
      radosgwCpuS: rgwCpu1 - rgwCpu0,
    };
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}

// utime + stime of a process from /proc/PID/stat (fields 14 and 15, in USER_HZ = 100 ticks a second).
async function cpuSecondsOf(pid: string | number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/** CPU time of radosgw and its OSD (the monitor is idle), to see what the S3 server takes of the 2 cores. */
async function cephCpuSeconds(dir: string): Promise<number> {
  let total = 0;
  for (const daemon of ["client.rgw.tidings", "osd.0"]) {
    const pid = (await readFile(path.join(dir, "run", `${daemon}.pid`), "utf8").catch(() => "")).trim();
    if (pid) total += await cpuSecondsOf(pid);
  }
  return total;
}

/** CPU time of every process of an app's process group (the worker is npm → tsx → node). */
async function groupCpuSeconds(app: AppProcess): Promise<number> {
  let total = 0;
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name) && app.owns(Number(name)))) total += await cpuSecondsOf(pid);
  return total;
}

/** The largest VmHWM (peak resident set) among the processes of an app's process group. */
async function peakRss(app: AppProcess): Promise<number> {
  let peak = 0;
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name) && app.owns(Number(name)))) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    peak = Math.max(peak, kb * 1024);
  }
  return peak;
}

function section(machine: string, size: number, table: string, verdict: string): string {
  return `## Pipeline (\`npm run bench:pipeline\`)

\`scripts/bench/pipeline.ts\`: one ${ROWS.toLocaleString("en")}-row contact list (${(size / MB).toFixed(0)} MB, bench:verify's generator) through
the production pipeline: uploaded over HTTP (one multipart request, the REST API) to
\`npm run web\`, processed by one \`npm run worker\`, results written, the batch email accepted
by a local Resend-compatible server — against Debian's PostgreSQL 15 run as its own server
(\`scripts/pg/\`), with storage on local disk and on S3 (Ceph's radosgw, \`scripts/s3/\`).
"first byte → email" runs from the first byte of the upload to the email request at the
provider. Beside it, in the same run on the same file: the upload alone (first byte → 202)
and the processor alone (bench:verify's \`process\` runner with the worker's Node flags).
"file processing in the worker" is the file's own start → finish as the batch records it.
Peak RSS is the kernel's high-water mark (VmHWM) of the largest process of each (for the
web server, the Next.js server). ${machine}; the machine is shared (other work ran meanwhile:
see the load average, on 2 cores), so single runs vary by 2× and more.

${table}

${verdict}

Reading it: the upload and the queue → notify → email tail are small; what separates S3
from local disk is the file's processing inside the worker, 3–4× the processor alone,
against 1.2–1.3× on local disk. With S3 the worker reads its input from radosgw and
streams both result files into it, and radosgw (with its OSD, which keeps the objects in
memory) runs on the same two cores: the upload column shows it taking the same 60 MB
≈ 1.5–5× slower than local disk does. So on this machine the S3 figure is bounded by the
S3 server sharing the CPU, not measured against a separate one; it has not been measured
with radosgw on its own machine. On local disk the results are also fsynced before they
are renamed into place (a crash leaves a whole file or none), which the processor-alone
run does not do. The worker's peak RSS (≈ 310–440 MB) is well above the processor's alone
in bench:verify (≈ 160 MB): the worker also holds Prisma, pg-boss, the email renderer and
tsx; not investigated further here.
`;
}

await main();
