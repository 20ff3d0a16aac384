// `npm start` / `npm run dev`: the whole of Tidings with one command. Starts the
// database (embedded PostgreSQL unless DATABASE_URL is set), applies migrations,
// builds when the sources changed, then runs the web server and the worker, and
// on Ctrl-C stops them in order: web and worker first, the database last.
// Meanwhile it supervises them: a part that dies is started again after a short wait
// while the others keep serving, and only a part that keeps dying stops everything
// (lib/ops/restart-policy.ts). The PIDs are kept in DATA_DIR/tidings-processes.json.
import { createRequire } from "node:module";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { env, EnvError, type Env } from "@/lib/env";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { runMigrations } from "@/lib/db/migrate";
import { createProcessStatusRecorder, processStatusPath, type SupervisedPartName } from "@/lib/ops/process-status";
import { isBuildCurrent, recordBuild, sourceFingerprint } from "./lib/build-stamp";
import { startChild } from "./lib/child-process";
import { isPortFree, waitForHttp } from "./lib/port";
import { supervisePart, type RunningPart, type SupervisedPart } from "./lib/supervise-part";
import { WORKER_NODE_FLAGS } from "../worker/node-flags";

const require = createRequire(import.meta.url);
const dev = process.argv.includes("--dev");
const nextCli = require.resolve("next/dist/bin/next");
const tsxCli = require.resolve("tsx/cli");

const WORKER_ARGS = [...WORKER_NODE_FLAGS, "--import", "tsx", "worker/index.ts"];

const transportLabel = { resend: "Resend", smtp: "SMTP", mailbox: "dev mailbox (messages are kept, not sent)" } as const;

function asRunningPart(database: EmbeddedPostgres): RunningPart {
  return { pid: database.pid, exited: database.exited, stop: () => database.stop() };
}

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

async function startDatabase(settings: Env): Promise<{ url: string; embedded?: EmbeddedPostgres; label: string }> {
  if (settings.DATABASE_URL) return { url: settings.DATABASE_URL, label: "DATABASE_URL" };
  const dataDir = path.join(settings.DATA_DIR, "postgres");
  const embedded = await startEmbeddedPostgres({ dataDir });
  return { url: embedded.connectionString(), embedded, label: `embedded PostgreSQL in ${dataDir}` };
}

/** Builds unless `.next` already holds a build of these sources; throws when the build fails. */
function build(): void {
  if (isBuildCurrent()) return;
  console.log("Building the app (only when sources changed; this takes a minute)…");
  const fingerprint = sourceFingerprint();
  const result = spawnSync(process.execPath, [nextCli, "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("The build failed; see the errors above.");
  recordBuild(fingerprint);
}

async function main(): Promise<void> {
  let settings: Env;
  try {
    settings = env();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }

  if (!(await isPortFree(settings.PORT))) {
    fail(`Port ${settings.PORT} is already in use. Is Tidings already running? Stop it, or pick another port: PORT=${settings.PORT + 1} npm start`);
  }

  const parts: Partial<Record<SupervisedPartName, SupervisedPart>> = {};
  const status = createProcessStatusRecorder(settings.DATA_DIR);
  let stopping = false;
  // The database first: its lock tells us whether another Tidings runs from this folder,
  // before a build could replace the files that one is serving.
  const starting = startDatabase(settings);

  /** Stops everything; `reason`, when given, is the one message that says why, printed last. */
  const shutdown = async (code: number, reason?: string) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Tidings…");
    await Promise.all([parts.web?.stop(), parts.worker?.stop()]);
    if (parts.database) {
      await parts.database.stop();
    } else {
      // Also when the signal came while the database was still starting.
      const database = await starting.catch(() => undefined);
      await database?.embedded?.stop();
    }
    await status.remove();
    console.log("Stopped. Data is kept in", settings.DATA_DIR);
    if (reason) console.error(`\n✖ ${reason}\n`);
    process.exit(code);
  };
  // SIGHUP: the terminal closed. The database runs in its own process group and
  // would outlive us otherwise.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

  /** Runs a part under supervision, recording its PIDs as they change. */
  const supervise = (name: SupervisedPartName, label: string, first: RunningPart, restart: () => Promise<RunningPart>) => {
    status.set(name, first.pid, 0);
    parts[name] = supervisePart(first, {
      label,
      restart,
      onPid: (pid, restarts) => status.set(name, pid, restarts),
      onGiveUp: (message) => void shutdown(1, message),
    });
  };

  const database = await starting.catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  if (stopping) return;
  const embedded = database.embedded;
  if (embedded) {
    // Same folder, same port: the web server and worker reconnect to the URL they have.
    const restartDatabase = async () => asRunningPart(await startEmbeddedPostgres({ dataDir: embedded.dataDir, port: embedded.port }));
    supervise("database", "database", asRunningPart(embedded), restartDatabase);
  }

  try {
    if (!dev) build();
    const { applied } = await runMigrations({ connectionString: database.url });
    console.log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database schema is up to date.");
  } catch (error) {
    console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown(1);
    return;
  }
  if (stopping) return;

  const childEnv = { ...process.env, DATABASE_URL: database.url, PORT: String(settings.PORT), NEXT_TELEMETRY_DISABLED: "1" };
  const startWeb = () =>
    startChild("web", [nextCli, dev ? "dev" : "start", "--port", String(settings.PORT), "--hostname", settings.HOST], childEnv, { graceMs: 10_000 });
  const startWorker = () =>
    startChild("worker", dev ? [tsxCli, "watch", "--clear-screen=false", "worker/index.ts"] : WORKER_ARGS, childEnv, {
      graceMs: (settings.WORKER_SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000,
    });
  supervise("web", "web server", startWeb(), async () => startWeb());
  supervise("worker", "worker", startWorker(), async () => startWorker());

  const probeHost = settings.HOST === "0.0.0.0" || settings.HOST === "::" ? "127.0.0.1" : settings.HOST;
  const ready = await waitForHttp(`http://${probeHost}:${settings.PORT}/api/health`, {
    timeoutMs: dev ? 180_000 : 90_000,
    isAlive: () => !stopping,
  });
  if (!ready) {
    if (!stopping) console.error("\n✖ The web server did not become healthy in time; see its output above.");
    await shutdown(1);
    return;
  }

  const lines = [
    "",
    `Tidings is running${dev ? " (development, hot reload)" : ""}`,
    `  App          ${settings.APP_URL}${settings.HOST === "127.0.0.1" ? "  (this machine only; set HOST=0.0.0.0 to share it)" : ""}`,
    settings.EMAIL_TRANSPORT === "mailbox" ? `  Dev mailbox  ${settings.APP_URL}/dev/mailbox` : null,
    `  Email        ${transportLabel[settings.EMAIL_TRANSPORT]}`,
    `  Database     ${database.label}`,
    `  PIDs         ${processStatusPath(settings.DATA_DIR)}`,
    "Press Ctrl-C to stop.",
    "",
  ];
  console.log(lines.filter((line) => line !== null).join("\n"));
}

void main();
