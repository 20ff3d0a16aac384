// A real S3 endpoint for tests: Debian's Ceph radosgw as a throwaway one-node
// cluster (scripts/s3/start-radosgw.sh), on free loopback ports, in a fresh temp
// folder. It checks signatures, unlike in-process fakes. When it cannot be
// installed or started, the test fails with the script's own words: never skipped.
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { S3Settings } from "../../s3-settings";

const run = promisify(execFile);
const scripts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../scripts/s3");

export type TestRadosgw = {
  /** Settings for the bucket the script made, with the keys of its user. */
  settings: S3Settings;
  stop(): Promise<void>;
};

/** Installs radosgw when missing (needs root), then starts a cluster that stops when this process exits. */
export async function startTestRadosgw(): Promise<TestRadosgw> {
  await runScript("install-radosgw.sh", [], 900_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), "tidings-radosgw-"));
  const port = await freePort();
  let monPort = await freePort();
  while (monPort === port) monPort = await freePort();
  const output = await runScript(
    "start-radosgw.sh",
    ["--dir", dir, "--port", String(port), "--mon-port", String(monPort), "--owner-pid", String(process.pid), "--max-seconds", "3600"],
    180_000,
  );
  const values = Object.fromEntries(
    output
      .split("\n")
      .map((line) => line.match(/^([A-Z0-9_]+)=(.*)$/))
      .flatMap((match) => (match ? [[match[1], match[2]] as const] : [])),
  );
  const required = (name: string) => {
    const value = values[name];
    if (!value) throw new Error(`start-radosgw.sh printed no ${name}:\n${output}`);
    return value;
  };
  return {
    settings: {
      bucket: required("S3_BUCKET"),
      region: required("S3_REGION"),
      endpoint: required("S3_ENDPOINT"),
      forcePathStyle: required("S3_FORCE_PATH_STYLE") === "true",
      accessKeyId: required("S3_ACCESS_KEY_ID"),
      secretAccessKey: required("S3_SECRET_ACCESS_KEY"),
    },
    stop: async () => {
      await runScript("stop-radosgw.sh", ["--dir", dir], 60_000);
    },
  };
}

async function runScript(name: string, args: string[], timeout: number): Promise<string> {
  try {
    const { stdout } = await run("bash", [path.join(scripts, name), ...args], { timeout, killSignal: "SIGKILL" });
    return stdout;
  } catch (error) {
    const { stderr = "", stdout = "" } = error as { stderr?: string; stdout?: string };
    throw new Error(`scripts/s3/${name} failed: ${error instanceof Error ? error.message : String(error)}\n${stdout}${stderr}`);
  }
}

/** A port nobody listens on right now (the kernel's pick). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
