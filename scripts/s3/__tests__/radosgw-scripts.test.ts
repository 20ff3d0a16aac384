// The throwaway radosgw cluster of scripts/s3/: answers S3 once started, a second
// start finds it up and changes nothing, and it stops by itself (and removes its
// folder) when the process that owns it exits, so a killed test run leaves nothing.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const scripts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let owner: ChildProcess | undefined;
let dir: string | undefined;

afterAll(async () => {
  owner?.kill("SIGKILL");
  if (dir) await run("bash", [path.join(scripts, "stop-radosgw.sh"), "--dir", dir], { timeout: 60_000 });
  if (dir) await rm(dir, { recursive: true, force: true });
}, 90_000);

describe("scripts/s3/start-radosgw.sh", () => {
  it("starts once, is found running the second time, and stops when its owner exits", async () => {
    await run("bash", [path.join(scripts, "install-radosgw.sh")], { timeout: 900_000 });
    dir = await mkdtemp(path.join(os.tmpdir(), "tidings-radosgw-script-"));
    // A stand-in for a test run that dies without tearing down.
    owner = spawn("sleep", ["600"], { stdio: "ignore" });
    const port = await freePort();
    const start = () =>
      run("bash", [path.join(scripts, "start-radosgw.sh"), "--dir", dir ?? "", "--port", String(port), "--mon-port", String(port + 1), "--owner-pid", String(owner?.pid)], {
        timeout: 180_000,
      });

    const first = await start();
    const endpoint = `http://127.0.0.1:${port}`;
    expect(first.stdout).toContain(`S3_ENDPOINT=${endpoint}\n`);
    expect(first.stdout).toMatch(/^S3_ACCESS_KEY_ID=[A-Z0-9]{20}$/m);
    expect((await fetch(`${endpoint}/`)).status).toBe(200);
    // Without a signature the bucket stays closed.
    expect((await fetch(`${endpoint}/tidings`)).status).toBe(403);

    const second = await start();
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toContain("already running");

    owner.kill("SIGKILL");
    await waitFor(async () => !existsSync(dir ?? "") && !(await answers(endpoint)), 60_000);
  }, 1_200_000);
});

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 500));
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
