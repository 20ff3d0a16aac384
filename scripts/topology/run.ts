// `npm run test:topology`: the production topology on one machine, proven end to end.
// Debian's PostgreSQL and Ceph's S3 gateway run as their own servers; `npm run db:migrate`
// migrates; 2 × `npm run web` and 2 × `npm run worker` run on loopback ports with
// STORAGE_DRIVER=s3 and a local Resend-compatible server for email. Then, through the
// REST API, it uploads on web #1 and watches and downloads on web #2 while it:
//   - kill -9s the worker that is sending an email (the provider has accepted it, the
//     worker has not heard back) and the worker that is in the middle of a large file,
//     starting a replacement each time;
//   - restarts PostgreSQL in the middle of the run (web #2 must answer 503
//     service_unavailable while it is away, and everything must carry on after);
//   - deletes batches (their retention ends) and lists the bucket for leftovers;
//   - makes S3 unreachable for a while in the middle of a file, last.
// It ends with every batch final, every result file readable, exactly one email per
// outcome and recipient at the provider, and prints a summary. Bounded: it stops
// itself (and everything it started) after HARD_LIMIT_MS.
//
//   npm run test:topology [-- --reuse-build] [--keep]
// --reuse-build: serve whatever `.next` holds (while developing); otherwise the app is
// built unless `.next` is a build of the current sources. --keep: leave the run folder.
import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { type AcceptedEmail, startFakeResendServer } from "../../e2e/support/fake-resend-server";
import { writeContactCsv } from "../bench/verify-data";
import {
  type ApiBatch,
  apiClient,
  type AppProcess,
  ensureBuild,
  pidOfClientPort,
  seedApiUser,
  startApp,
  startPostgres,
  startRadosgw,
  waitFor,
  waitForHttp,
} from "./harness";
import { startTcpProxy } from "./tcp-proxy";

const HARD_LIMIT_MS = 6 * 60_000;
const PORTS = { postgres: 55426, radosgw: 55427, web: [3927, 3928] };
const OWNER = "topology-owner@acme-mail.com";
const FINAL = new Set(["completed", "partially_failed", "failed", "cancelled"]);

const args = new Set(process.argv.slice(2));
const started = performance.now();
const summary: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
let keepRunDir = args.has("--keep");

function elapsed(): string {
  return `${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s`;
}
function step(message: string): void {
  console.log(`[${elapsed()}] ${message}`);
}
function note(message: string): void {
  summary.push(message);
  step(`  ✓ ${message}`);
}
function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}

async function main(): Promise<void> {
  const runDir = await mkdtemp(path.join(os.tmpdir(), "tidings-topology-"));
  // The postgres user must enter it (the server runs as that user when we are root).
  await chmod(runDir, 0o755);
  step(`run folder ${runDir}`);
  cleanups.push(() => (keepRunDir ? Promise.resolve() : rm(runDir, { recursive: true, force: true })));

  step("build");
  const build = args.has("--reuse-build") ? "reused (--reuse-build)" : ensureBuild();
  note(`next build: ${build}`);

  step("start PostgreSQL (Debian) and Ceph radosgw (S3), each a server of its own");
  const [postgres, radosgw] = await Promise.all([
    startPostgres({ dir: path.join(runDir, "postgres"), port: PORTS.postgres, logFile: path.join(runDir, "postgres.log") }),
    startRadosgw({ dir: path.join(runDir, "radosgw"), port: PORTS.radosgw, logFile: path.join(runDir, "radosgw.log") }),
  ]);
  cleanups.push(() => postgres.stop(), () => radosgw.stop());
  const version = await sql<{ server_version: string }>(postgres.url, "SHOW server_version");
  note(`PostgreSQL ${version[0]?.server_version} and radosgw up`);

  // The app reaches S3 and the email provider through proxies this test can cut.
  const s3Proxy = await startTcpProxy({ targetPort: Number(new URL(radosgw.settings.S3_ENDPOINT!).port) });
  const resend = await startFakeResendServer();
  const resendProxy = await startTcpProxy({ targetPort: resend.port });
  cleanups.push(() => s3Proxy.stop(), () => resendProxy.stop(), () => resend.stop());

  const appEnv = (name: string, port?: number): Record<string, string> => ({
    ...radosgw.settings,
    S3_ENDPOINT: s3Proxy.url,
    DATABASE_URL: postgres.url,
    APP_ENV: "test",
    APP_URL: `http://127.0.0.1:${PORTS.web[0]}`,
    HOST: "127.0.0.1",
    PORT: String(port ?? PORTS.web[0]),
    // Each process its own folder: nothing is shared through a local disk.
    DATA_DIR: path.join(runDir, name),
    AUTH_SECRET: "topology-test-secret-shared-by-every-process-0123456789",
    RESEND_API_KEY: "re_topology_test",
    RESEND_BASE_URL: resendProxy.url,
    SMTP_URL: "",
    EMAIL_FROM: "Tidings <no-reply@tidings-mail.com>",
    ADMIN_EMAILS: "",
    LOG_LEVEL: "info",
    UPLOAD_MAX_FILE_BYTES: String(100 * 1024 * 1024),
    UPLOAD_MAX_BATCH_BYTES: String(200 * 1024 * 1024),
    API_RATE_LIMIT_PER_MINUTE: "100000",
  });
  const processes: AppProcess[] = [];
  cleanups.push(() => Promise.all(processes.map((app) => app.stop())));
  let workerCount = 0;
  const startWorker = async () => {
    workerCount += 1;
    const name = `worker-${workerCount}`;
    const worker = startApp(name, "worker", appEnv(name), path.join(runDir, `${name}.log`));
    processes.push(worker);
    await worker.waitForEvent("worker.ready", 60_000);
    return worker;
  };

  step("a worker started before `npm run db:migrate` refuses to start");
  const early = startApp("worker-early", "worker", appEnv("worker-early"), path.join(runDir, "worker-early.log"));
  const earlyCode = await early.exited;
  check(earlyCode !== 0 && early.lines.some((line) => line.includes("npm run db:migrate")), `the early worker should refuse: ${early.lines.join("\n")}`);
  note(`worker against an unmigrated database: exit ${earlyCode}, "${early.lines.find((line) => line.includes("db:migrate"))}"`);

  step("npm run db:migrate");
  const migrate = startApp("migrate", "db:migrate", { DATABASE_URL: postgres.url }, path.join(runDir, "migrate.log"));
  check((await migrate.exited) === 0, `db:migrate failed:\n${migrate.lines.join("\n")}`);
  note(`migrated: ${migrate.lines.at(-1)}`);

  const person = await seedApiUser(postgres.url, OWNER);

  step("start 2 web servers and 2 workers");
  const webs = PORTS.web.map((port, index) => {
    const web = startApp(`web-${index + 1}`, "web", appEnv(`web-${index + 1}`, port), path.join(runDir, `web-${index + 1}.log`));
    processes.push(web);
    return web;
  });
  const workers = await Promise.all([startWorker(), startWorker()]);
  await Promise.all(webs.map((web, index) => waitForHttp(`http://127.0.0.1:${PORTS.web[index]}/api/health`, 120_000, () => !web.hasExited())));
  const web1 = apiClient(`http://127.0.0.1:${PORTS.web[0]}`, person.token);
  const web2 = apiClient(`http://127.0.0.1:${PORTS.web[1]}`, person.token);
  note(`web #1 :${PORTS.web[0]}, web #2 :${PORTS.web[1]}, workers pid ${workers.map((w) => w.child.pid).join(", ")} (npm)`);

  step("contact lists");
  const csv = async (name: string, rows: number, seed: number) => {
    const file = path.join(runDir, name);
    await writeContactCsv(file, rows, seed);
    return { file, rows };
  };
  const [large, ...small] = await Promise.all([
    csv("large.csv", 1_000_000, 1),
    ...[2, 3, 4, 5, 6, 7, 8].map((seed) => csv(`small-${seed}.csv`, 3_000, seed)),
  ]);
  const medium = await csv("medium.csv", 300_000, 9);
  const inputRows = new Map<string, number>([[path.basename(large!.file), large!.rows], [path.basename(medium.file), medium.rows], ...small.map((s) => [path.basename(s.file), s.rows] as const)]);
  const batches = new Map<string, string>(); // batch id → label

  // ── 1. A worker killed while its email is at the provider ────────────────────────
  step("kill -9 the worker that is sending an email, after the provider accepted it");
  resend.holdResponses();
  const b = await web1.upload([small[0]!.file, small[1]!.file]);
  batches.set(b.id, "B (2 small files; sender killed)");
  const heldRequest = await waitFor("an email request at the provider", 60_000, () => resend.requests().length > 0 || undefined);
  const sender = await waitFor("the connection of the held email request", 10_000, () => {
    const waiting = resendProxy.connections().filter((connection) => connection.lastUpAt > connection.lastDownAt);
    return waiting.length === 1 ? waiting[0] : undefined;
  });
  const senderPid = pidOfClientPort(sender.clientPort);
  const senderWorker = workers.find((worker) => senderPid !== undefined && worker.owns(senderPid));
  check(senderPid && senderWorker, `the sending process (pid ${senderPid}) should be one of the workers`);
  process.kill(senderPid, "SIGKILL");
  await senderWorker.exited;
  resend.releaseResponses();
  const firstKey = resend.requests()[0]?.headers["idempotency-key"];
  note(`killed ${senderWorker.name} (pid ${senderPid}) with its email accepted but unanswered (held: ${heldRequest}); replacement started`);
  workers.push(await startWorker());

  // ── 2. A worker killed in the middle of a large file ─────────────────────────────
  step(`upload a large file (${large!.rows.toLocaleString("en")} rows) through web #1`);
  const a = await web1.upload([large!.file]);
  batches.set(a.id, "A (1M rows; worker killed mid-file)");
  // Uploads bypass proxy.ts (Next.js would hold the body in memory and cut it at 10 MB); their answers still carry the security headers.
  check(a.headers.get("x-content-type-options") === "nosniff" && a.headers.get("content-security-policy")?.includes("default-src 'none'"), "upload answer has the security headers");
  const midFile = await waitFor("the large file in the middle of processing", 90_000, async () => {
    const { batch } = await web2.getBatch(a.id);
    const file = batch?.files[0];
    return file && file.status === "processing" && file.rowsProcessed >= large!.rows / 20 && file.rowsProcessed < large!.rows ? file.rowsProcessed : undefined;
  }, 100);
  // The worker streaming the input from the bucket holds the connection with the most bytes coming down.
  const reader = s3Proxy.connections().sort((x, y) => y.bytesDown - x.bytesDown)[0];
  const readerPid = reader && pidOfClientPort(reader.clientPort);
  const readerWorker = workers.find((worker) => readerPid !== undefined && !worker.hasExited() && worker.owns(readerPid));
  check(readerPid && readerWorker, `the process reading the large file (pid ${readerPid}) should be one of the workers`);
  process.kill(readerPid, "SIGKILL");
  await readerWorker.exited;
  note(`${Math.round((await stat(large!.file)).size / 1e6)} MB uploaded in one request through web #1`);
  note(`killed ${readerWorker.name} (pid ${readerPid}) at row ${midFile.toLocaleString("en")} of the large file (seen through web #2); replacement started`);
  workers.push(await startWorker());

  // ── 3. PostgreSQL restarts in the middle of the run ──────────────────────────────
  step("restart PostgreSQL while the large file waits for its retry");
  const outage: { status: number; code?: string; ms: number }[] = [];
  let restarting = true;
  const restart = postgres.restart(6000).finally(() => (restarting = false));
  while (restarting) {
    const askedAt = performance.now();
    const answer = await web2.getBatch(a.id).catch((error: unknown) => ({ status: 0, error: { code: String(error), message: "" } }));
    outage.push({ status: answer.status, code: answer.error?.code, ms: performance.now() - askedAt });
    await sleep(300);
  }
  await restart;
  const unavailable = outage.filter((answer) => answer.status === 503);
  check(unavailable.length > 0, `web #2 should answer 503 while PostgreSQL is away: ${JSON.stringify(outage)}`);
  check(unavailable.every((answer) => answer.code === "service_unavailable"), "every 503 says service_unavailable");
  check(outage.every((answer) => answer.status === 200 || answer.status === 503), `only 200s and 503s while restarting: ${JSON.stringify(outage)}`);
  note(`PostgreSQL restarted: web #2 answered ${unavailable.length} × 503 service_unavailable meanwhile (slowest ${Math.round(Math.max(...unavailable.map((u) => u.ms)))} ms)`);

  step("after the restart: more uploads through web #1");
  const c = await web1.upload([small[2]!.file]);
  batches.set(c.id, "C (after the restart; deleted later)");
  const e = await web1.upload([small[3]!.file, small[4]!.file]);
  batches.set(e.id, "E (after the restart; deleted later)");

  // ── 4. Everything so far ends, with its email ─────────────────────────────────────
  step("waiting for A, B, C and E to finish (watched through web #2)");
  const final = await waitForBatches(web2, [a.id, b.id, c.id, e.id], 150_000);
  for (const batch of final) check(batch.status === "completed", `batch ${batches.get(batch.id)} ended ${batch.status}`);
  note(`A, B, C, E completed (the large file after ${await attemptsOf(postgres.url, a.files[0]!.id)} attempts)`);
  await waitFor("an email for each of A, B, C, E", 120_000, () => ([a, b, c, e].every((batch) => emailsAbout(resend.emails(), batch.id).length > 0) ? true : undefined));

  // ── 5. Deleted batches leave nothing in the bucket ───────────────────────────────
  step("delete C and E (their retention ends) and list the bucket");
  const deletedKeys = await sql<{ storageKey: string; batchId: string }>(postgres.url, `SELECT "storageKey", "batchId" FROM "Job" WHERE "batchId" = ANY($1)`, [[c.id, e.id]]);
  await sql(postgres.url, `UPDATE "Batch" SET "expiresAt" = now() - interval '1 minute' WHERE id = ANY($1)`, [[c.id, e.id]]);
  const boss = new PgBoss({ connectionString: postgres.url, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  await boss.send("maintenance.clean-up", {});
  await boss.stop({ graceful: false });
  await waitFor("C and E to be deleted", 90_000, async () => {
    const answers = await Promise.all([c.id, e.id].map((id) => web2.getBatch(id)));
    return answers.every((answer) => answer.status === 404) ? true : undefined;
  }, 1000);
  const s3 = new S3Client({
    endpoint: radosgw.settings.S3_ENDPOINT,
    region: radosgw.settings.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: radosgw.settings.S3_ACCESS_KEY_ID!, secretAccessKey: radosgw.settings.S3_SECRET_ACCESS_KEY! },
  });
  const keys = await listBucket(s3, radosgw.settings.S3_BUCKET!);
  const uploadFolders = deletedKeys.map((row) => row.storageKey.slice(0, row.storageKey.lastIndexOf("/") + 1));
  const leftovers = keys.filter((key) => [c.id, e.id].some((id) => key.startsWith(`results/${id}/`)) || uploadFolders.some((folder) => key.startsWith(folder)));
  check(leftovers.length === 0, `objects of deleted batches left in the bucket: ${leftovers.join(", ")}`);
  check(keys.some((key) => key.startsWith(`results/${a.id}/`)), "the bucket still holds the results of A");
  note(`C and E deleted: none of their ${deletedKeys.length} uploads or results left among the bucket's ${keys.length} objects`);

  // ── 6. S3 unreachable in the middle of a file (last: see the report) ─────────────
  step("S3 unreachable for a while in the middle of a file");
  const d = await web1.upload([medium.file, small[5]!.file, small[6]!.file]);
  batches.set(d.id, "D (S3 cut in the middle of a file)");
  const cutAt = await waitFor("D's medium file in the middle of processing", 60_000, async () => {
    const file = (await web2.getBatch(d.id)).batch?.files.find((f) => f.name === "medium.csv");
    return file && file.status === "processing" && file.rowsProcessed > 0 ? file.rowsProcessed : undefined;
  }, 50);
  s3Proxy.cut();
  await sleep(10_000);
  const refused = s3Proxy.refusedSinceCut();
  s3Proxy.restore();
  note(`S3 unreachable for 10 s from row ${cutAt.toLocaleString("en")} of a ${medium.rows.toLocaleString("en")}-row file (${refused} connections reset or refused meanwhile)`);
  const [dFinal] = await waitForBatches(web2, [d.id], 120_000);
  check(dFinal!.status === "completed", `batch D ended ${dFinal!.status}: ${JSON.stringify(dFinal!.files.map((file) => [file.status]))}`);
  await waitFor("the email for D", 120_000, () => (emailsAbout(resend.emails(), d.id).length > 0 ? true : undefined));
  note("D completed after the S3 outage");

  // ── 7. The end state ──────────────────────────────────────────────────────────────
  step("final checks");
  for (const batch of await waitForBatches(web2, [a.id, b.id, d.id], 10_000)) {
    for (const file of batch.files) {
      const report = await web2.download(file.downloads.report!);
      const cleaned = await web2.download(file.downloads.cleaned!);
      const rows = countLines(report) - 1;
      check(rows === inputRows.get(file.name), `${file.name}: report has ${rows} rows, the input ${inputRows.get(file.name)}`);
      check(countLines(cleaned) > 1, `${file.name}: cleaned file is empty`);
    }
  }
  note("every result file of A, B and D downloads through web #2 with one report row per input row");

  // Exactly one email per outcome and recipient: one batch-finished email per batch, to its owner.
  const emails = resend.emails();
  for (const id of batches.keys()) {
    const about = emailsAbout(emails, id);
    check(about.length === 1, `batch ${batches.get(id)}: ${about.length} emails at the provider`);
    check(JSON.stringify(about[0]!.payload.to).includes(OWNER), `batch ${batches.get(id)}: email not to its owner`);
  }
  check(emails.length === batches.size, `${emails.length} emails for ${batches.size} batches`);
  const retried = resend.requests().filter((request) => request.headers["idempotency-key"] === firstKey).length;
  check(retried >= 2, "the killed sender's email was sent again (same idempotency key) by another worker");
  const deliveries = await sql<{ status: string; n: number }>(postgres.url, `SELECT status, count(*)::int AS n FROM "Delivery" WHERE channel = 'email' GROUP BY status`);
  check(deliveries.every((row) => row.status === "sent" || row.status === "delivered"), `deliveries: ${JSON.stringify(deliveries)}`);
  note(`${emails.length} emails for ${batches.size} batches, one each, to ${OWNER}; the killed sender's request was repeated ${retried - 1}× with the same Idempotency-Key and accepted once; deliveries ${JSON.stringify(deliveries)}`);
  const stuck = await sql<{ name: string; state: string; n: number }>(
    postgres.url,
    `SELECT name, state, count(*)::int AS n FROM pgboss.job WHERE state NOT IN ('completed', 'cancelled') AND name IN ('batch.process-file', 'notification.notify', 'notification.send-email') GROUP BY name, state`,
  );
  check(stuck.length === 0, `jobs not completed: ${JSON.stringify(stuck)}`);
  note("no process-file, notify or send-email job left failed, retrying or dead-lettered");
  for (const app of processes.filter((p) => p.name.startsWith("web") || p.name.startsWith("worker-"))) {
    check(!app.lines.some((line) => /uncaught|unhandled/i.test(line)), `${app.name} logged an uncaught error`);
  }
  const alive = processes.filter((p) => !p.hasExited()).map((p) => p.name);
  check(alive.length === 4, `2 web servers and 2 workers still running: ${alive.join(", ")}`);
  note(`still running at the end: ${alive.join(", ")}`);
}

async function sql<Row extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function attemptsOf(url: string, fileId: string): Promise<number> {
  return (await sql<{ attempts: number }>(url, `SELECT attempts FROM "Job" WHERE id = $1`, [fileId]))[0]?.attempts ?? 0;
}

async function waitForBatches(api: ReturnType<typeof apiClient>, ids: string[], timeoutMs: number): Promise<ApiBatch[]> {
  return waitFor(`batches ${ids.join(", ")} to be final`, timeoutMs, async () => {
    const answers = await Promise.all(ids.map((id) => api.getBatch(id)));
    const all = answers.map((answer) => answer.batch);
    return all.every((batch) => batch && FINAL.has(batch.status)) ? (all as ApiBatch[]) : undefined;
  }, 500);
}

function emailsAbout(emails: AcceptedEmail[], batchId: string): AcceptedEmail[] {
  return emails.filter((email) => JSON.stringify(email.payload).includes(batchId));
}

function countLines(text: string): number {
  return text.split("\n").filter((line) => line.length > 0).length;
}

async function listBucket(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error("clean-up:", error));
}

const hardLimit = setTimeout(() => {
  console.error(`\n✖ topology test: still running after ${HARD_LIMIT_MS / 60_000} minutes; stopping`);
  void cleanUp().finally(() => process.exit(1));
}, HARD_LIMIT_MS);

try {
  await main();
  console.log(`\n✔ topology test passed in ${elapsed().trim()}\n${summary.map((line) => `  - ${line}`).join("\n")}`);
  await cleanUp();
  clearTimeout(hardLimit);
  process.exit(0);
} catch (error) {
  console.error(`\n✖ topology test failed at ${elapsed().trim()}: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`  logs of every process are in the run folder (kept; see above)`);
  keepRunDir = true;
  await cleanUp();
  clearTimeout(hardLimit);
  process.exit(1);
}
