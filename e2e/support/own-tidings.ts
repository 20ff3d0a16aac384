// An `npm start` of its own, for specs that break parts of it on purpose (kill -9 the
// worker, the web server, the database) without harming the instance the other specs
// use: its own data folder and port, the production build the suite already made.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { readProcessStatus, type SupervisedPartName } from "../../lib/ops/process-status";

const require = createRequire(import.meta.url);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export class OwnTidings {
  private output = "";
  readonly exited: Promise<number | null>;

  private constructor(
    readonly baseUrl: string,
    readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  static async start(): Promise<OwnTidings> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "tidings-supervision-"));
    // PostgreSQL runs as its own user when we are root.
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/start.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        APP_URL: baseUrl,
        DATA_DIR: dataDir,
        APP_ENV: "test",
        DATABASE_URL: "",
        RESEND_API_KEY: "",
        SMTP_URL: "",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new OwnTidings(baseUrl, dataDir, child);
  }

  /** Everything `npm start` printed so far, its children's lines included. */
  log(): string {
    return this.output;
  }

  /** The PID `npm start` reports for a part right now, if that part is running. */
  pid(part: SupervisedPartName): number | undefined {
    return readProcessStatus(this.dataDir)?.pids[part];
  }

  restarts(part: SupervisedPartName): number {
    return readProcessStatus(this.dataDir)?.restarts[part] ?? 0;
  }

  kill(part: SupervisedPartName): number {
    const pid = this.pid(part);
    if (!pid) throw new Error(`npm start reports no running ${part}`);
    process.kill(pid, "SIGKILL");
    return pid;
  }

  async healthStatus(): Promise<number> {
    try {
      return (await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {
      return 0; // not answering at all
    }
  }

  /** A client on the embedded database; port from its postmaster.pid (line 4), password from beside the data. */
  async withDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
    const clusterDir = path.join(this.dataDir, "postgres");
    const port = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[3]);
    const password = readFileSync(path.join(clusterDir, "tidings-password"), "utf8").trim();
    const client = new pg.Client({ connectionString: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/tidings` });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  }

  /** Stops it as Ctrl-C would (when still running) and deletes its data folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGTERM");
      await this.exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
