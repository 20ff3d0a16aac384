// `npm start` while one is already running must say why it cannot start, not crash.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "./support/settings";

const require = createRequire(import.meta.url);

function runStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/start.ts"], {
    env: { ...process.env, APP_ENV: "test", DATABASE_URL: "", DATA_DIR: process.env.TIDINGS_E2E_DATA_DIR ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

test("a second npm start on the same port says the port is taken", async () => {
  const { code, output } = await runStart({ PORT: String(E2E_PORT) });
  expect(code).toBe(1);
  expect(output).toContain(`Port ${E2E_PORT} is already in use. Is Tidings already running?`);
  expect(output).not.toMatch(/\n\s+at /);
});

test("a second npm start on the same data folder says the database is in use", async ({ request }) => {
  const { code, output } = await runStart({ PORT: String(E2E_PORT + 1) });
  expect(code).toBe(1);
  expect(output).toMatch(/The database in .+ is already in use by another Tidings \(PID \d+\)/);
  expect(output).not.toMatch(/\n\s+at /);
  // The running instance is unharmed.
  expect((await request.get("/api/health")).status()).toBe(200);
});
