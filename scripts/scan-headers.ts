// npm run scan:headers [-- --target http://127.0.0.1:3000] [-- --tls-port 8443]
//
// Grades Tidings' HTTP headers with the MDN HTTP Observatory (npm
// @mdn/mdn-http-observatory, the scanner behind observatory.mozilla.org) over https,
// as a production deployment serves them, and prints the grade and each test.
// Exits 1 below A+.
//
// Without --target it starts its own `npm start` in production mode (throwaway data
// folder and embedded PostgreSQL, APP_URL = the https front below, on loopback only)
// and stops it afterwards. With --target it scans a running Tidings over plain http,
// which should have APP_URL=https://127.0.0.1:<tls-port> for HSTS and secure cookies.
// Either way a local TLS front with a throwaway self-signed certificate stands in
// for the TLS-terminating proxy of a real deployment (scripts/lib/tls-proxy.ts).
//
// The scanner is installed on first use into node_modules/.cache (not a dependency of
// the app: it brings a web server, Sentry and a PostgreSQL client of its own), with
// --ignore-scripts since its install step downloads lists from the internet; the
// empty HSTS preload list it then lacks only costs the bonus for being preloaded.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startChild } from "./lib/child-process";
import { waitForHttp } from "./lib/port";
import { createSelfSignedCertificate, startTlsProxy } from "./lib/tls-proxy";

const SCANNER_VERSION = "1.4.8";
const SCANNER_DIR = path.resolve("node_modules/.cache/mdn-http-observatory");
const SCANNER_PACKAGE = path.join(SCANNER_DIR, "node_modules/@mdn/mdn-http-observatory");
const PASSING_GRADE = "A+";

const scanSchema = z.object({
  scan: z.object({ grade: z.string().nullable(), score: z.number().nullable(), error: z.string().nullable().optional() }),
  tests: z.record(z.string(), z.object({ pass: z.boolean().nullable(), result: z.string(), scoreModifier: z.number() })),
});

function installScanner(): string {
  const entry = path.join(SCANNER_PACKAGE, "src/scan.js");
  if (!existsSync(entry)) {
    console.log(`Installing @mdn/mdn-http-observatory@${SCANNER_VERSION} into ${path.relative(process.cwd(), SCANNER_DIR)} …`);
    mkdirSync(SCANNER_DIR, { recursive: true });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFileSync(npm, ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", SCANNER_DIR, `@mdn/mdn-http-observatory@${SCANNER_VERSION}`], {
      stdio: "inherit",
    });
  }
  const preloadList = path.join(SCANNER_PACKAGE, "conf/hsts-preload.json");
  if (!existsSync(preloadList)) {
    mkdirSync(path.dirname(preloadList), { recursive: true });
    writeFileSync(preloadList, "{}\n");
  }
  return entry;
}

/** Runs the scanner's CLI, trusting our throwaway certificate (and only it besides the system's). */
function runScanner(entry: string, hostAndPort: string, certFile: string): Promise<z.infer<typeof scanSchema>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, hostAndPort], {
      cwd: SCANNER_PACKAGE,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", () => {
      try {
        resolve(scanSchema.parse(JSON.parse(output)));
      } catch (error) {
        reject(new Error(`the scanner answered something unexpected:\n${output}`, { cause: error }));
      }
    });
  });
}

/** `npm start` in production mode, its own data folder, reachable on loopback only. */
async function startProductionTidings(appPort: number, appUrl: string): Promise<{ target: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tidings-scan-"));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when we are root.
  const child = startChild("app", ["--import", "tsx", "scripts/start.ts"], {
    ...process.env,
    APP_ENV: "production",
    APP_URL: appUrl,
    HOST: "127.0.0.1",
    PORT: String(appPort),
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    // Production refuses the dev mailbox; nothing is sent during a scan.
    SMTP_URL: "smtp://127.0.0.1:9",
    RESEND_API_KEY: "",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  }, { graceMs: 40_000 });
  let running = true;
  void child.exited.then(() => (running = false));
  const target = `http://127.0.0.1:${appPort}`;
  const alive = () => running;
  // The first run builds the app: minutes.
  if (!(await waitForHttp(`${target}/api/health`, { timeoutMs: 15 * 60_000, isAlive: alive }))) {
    await child.stop();
    throw new Error("Tidings did not start; see its output above.");
  }
  return {
    target,
    stop: async () => {
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const { values } = parseArgs({ options: { target: { type: "string" }, "tls-port": { type: "string", default: "8443" }, "app-port": { type: "string", default: "3930" } } });
  const tlsPort = Number(values["tls-port"]);
  const scanner = installScanner();
  const certificate = createSelfSignedCertificate();
  const app = values.target ? { target: values.target, stop: async () => {} } : await startProductionTidings(Number(values["app-port"]), `https://127.0.0.1:${tlsPort}`);
  const proxy = await startTlsProxy({ port: tlsPort, target: app.target, certificate });
  try {
    console.log(`Scanning ${proxy.origin} (→ ${app.target}) with the MDN HTTP Observatory ${SCANNER_VERSION} …`);
    const { scan, tests } = await runScanner(scanner, `127.0.0.1:${tlsPort}`, certificate.certFile);
    if (scan.error) throw new Error(`the scan failed: ${scan.error}`);
    for (const [name, test] of Object.entries(tests)) {
      const modifier = test.scoreModifier > 0 ? `+${test.scoreModifier}` : String(test.scoreModifier);
      console.log(`  ${test.pass === false ? "✗" : "✓"} ${name.padEnd(34)} ${modifier.padStart(4)}  ${test.result}`);
    }
    console.log(`\nGrade ${scan.grade} (${scan.score}/100)`);
    if (scan.grade !== PASSING_GRADE) process.exitCode = 1;
  } finally {
    await proxy.close();
    await app.stop();
    certificate.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
