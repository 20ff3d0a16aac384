// End-to-end tests in Debian's Chromium against the real `npm start`: embedded
// PostgreSQL, migrations, the production build, the web server and the worker.
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_ADMIN_EMAIL, E2E_BASE_URL, E2E_METRICS_TOKEN, E2E_PORT, SIGN_IN_LIMIT_PER_EMAIL, SIGN_IN_LIMIT_PER_IP } from "./e2e/support/settings";

// One throwaway data directory per run, shared with the test workers through the
// environment they inherit from this process.
if (!process.env.TIDINGS_E2E_DATA_DIR) {
  process.env.TIDINGS_E2E_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "tidings-e2e-"));
  // mkdtemp makes the folder private; PostgreSQL runs as its own user when we are root.
  chmodSync(process.env.TIDINGS_E2E_DATA_DIR, 0o755);
}
const dataDir = process.env.TIDINGS_E2E_DATA_DIR;
const baseURL = E2E_BASE_URL;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: "npm start",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets npm start stop the web server and worker, then the database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 40_000 },
    env: {
      PORT: String(E2E_PORT),
      APP_URL: baseURL,
      DATA_DIR: dataDir,
      APP_ENV: "test",
      DATABASE_URL: "",
      RESEND_API_KEY: "",
      SMTP_URL: "",
      LOG_LEVEL: "info",
      SIGN_IN_LIMIT_PER_EMAIL: String(SIGN_IN_LIMIT_PER_EMAIL),
      SIGN_IN_LIMIT_PER_IP: String(SIGN_IN_LIMIT_PER_IP),
      ADMIN_EMAILS: E2E_ADMIN_EMAIL,
      METRICS_TOKEN: E2E_METRICS_TOKEN,
    },
  },
});
