// A database outage as a signed-in person meets it, against the real production
// build: `npm run web` (the web server alone) on a PostgreSQL of this spec's own,
// which the spec stops and starts again. (The `npm start` under test keeps its own
// database; its supervision is another spec's business.) While the database is away
// pages say "temporarily unavailable" instead of signing the person out, the API and
// session route handlers answer 503 with Retry-After, a server action's form says so,
// and once it is back "Try again" shows the page, still signed in.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { generateApiToken } from "../lib/api-tokens/api-token-format";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { expectNoSeriousA11yViolations } from "./support/axe";

const require = createRequire(import.meta.url);
const SESSION_COOKIE = "authjs.session-token";

let root: string;
let postgres: EmbeddedPostgres;
let web: ChildProcess | undefined;
let webOutput = "";
let baseURL: string;
const person = { email: `outage-${randomUUID()}@example.com`, sessionToken: randomBytes(32).toString("hex"), token: "" };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function seedPerson(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const userId = randomUUID();
    await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ($1, $2, now())`, [userId, person.email]);
    await client.query(`INSERT INTO "Session" ("sessionToken", "userId", expires, "updatedAt") VALUES ($1, $2, now() + interval '1 day', now())`, [
      person.sessionToken,
      userId,
    ]);
    const secret = generateApiToken();
    await client.query(`INSERT INTO "ApiToken" (id, "userId", name, prefix, "tokenHash") VALUES ($1, $2, 'outage', $3, $4)`, [
      randomUUID(),
      userId,
      secret.prefix,
      secret.tokenHash,
    ]);
    person.token = secret.token;
  } finally {
    await client.end();
  }
}

/** Until the server answers a page; /api/health would wait for a pg-boss schema no worker made here. */
async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (web?.exitCode !== null) throw new Error(`npm run web exited:\n${webOutput}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm run web did not answer:\n${webOutput}`);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  root = await mkdtemp(path.join(os.tmpdir(), "tidings-outage-e2e-"));
  // PostgreSQL runs as its own user when we are root; it must enter this folder.
  await chmod(root, 0o755);
  postgres = await startEmbeddedPostgres({ dataDir: path.join(root, "postgres") });
  await runMigrations({ connectionString: postgres.connectionString() });
  await seedPerson(postgres.connectionString());

  const port = await freePort();
  baseURL = `http://localhost:${port}`;
  web = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/web.ts"], {
    env: {
      ...process.env,
      APP_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: baseURL,
      DATABASE_URL: postgres.connectionString(),
      DATA_DIR: path.join(root, "data"),
      RESEND_API_KEY: "",
      SMTP_URL: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  web.stdout?.on("data", (chunk: Buffer) => (webOutput += chunk.toString()));
  web.stderr?.on("data", (chunk: Buffer) => (webOutput += chunk.toString()));
  await waitForServer(`http://127.0.0.1:${port}/sign-in`);
});

test.afterAll(async () => {
  if (web && web.exitCode === null) {
    const exited = new Promise((resolve) => web?.once("exit", resolve));
    web.kill("SIGTERM");
    await exited;
  }
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

test("a database outage is a 'temporarily unavailable' page and 503s, not a sign-out", async ({ browser }) => {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: SESSION_COOKIE, value: person.sessionToken, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveText(person.email);
  // A form loaded while the database is up, submitted once it is gone.
  const settings = await context.newPage();
  await settings.goto("/settings");
  await expect(settings.getByLabel("Token name")).toBeVisible();

  await postgres.stop();

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Tidings is temporarily unavailable" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/dashboard");
  await expect(page.getByText("You are still signed in")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // The home page does not send a signed-in person to sign-in either.
  await page.goto("/");
  expect(new URL(page.url()).pathname).toBe("/dashboard");
  await expect(page.getByRole("heading", { name: "Tidings is temporarily unavailable" })).toBeVisible();

  // The REST API (token) and a session route handler (cookie): 503 with Retry-After.
  const api = await context.request.get("/api/v1/batches", { headers: { authorization: `Bearer ${person.token}` } });
  expect(api.status()).toBe(503);
  expect(api.headers()["retry-after"]).toBe("5");
  expect((await api.json()).error).toMatchObject({ code: "service_unavailable", message: expect.stringMatching(/temporarily unavailable/) });
  const sessionRoute = await context.request.get("/api/batches");
  expect(sessionRoute.status()).toBe(503);
  expect(sessionRoute.headers()["retry-after"]).toBe("5");
  expect((await sessionRoute.json()).error.code).toBe("service_unavailable");

  // A server action answers with a form error, not "your session has ended".
  await settings.getByLabel("Token name").fill("during the outage");
  await settings.getByRole("button", { name: "Create token" }).click();
  await expect(settings.getByRole("alert").filter({ hasText: "Tidings is temporarily unavailable" })).toBeVisible();

  // Nobody cleared the session cookie.
  expect((await context.cookies()).map((cookie) => cookie.name)).toContain(SESSION_COOKIE);

  postgres = await startEmbeddedPostgres({ dataDir: postgres.dataDir, port: postgres.port });
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveText(person.email);
  await context.close();
});
