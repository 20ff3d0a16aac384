// `npm run web` and `npm run worker`, the real processes, against a database whose
// migrations do not match the code: each stops with one sentence naming
// `npm run db:migrate`, a non-zero exit code and no stack trace.
import { spawn } from "node:child_process";
import { cp, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, readMigrations, runMigrations } from "../migrate";
import { migrationState, versionRefusal } from "../require-current-migrations";
import { createScratchDatabase } from "./support/scratch-database";
import { createTempDir, removeTempDir } from "./support/temp-dir";

const tempDirs: string[] = [];
afterAll(async () => Promise.all(tempDirs.map(removeTempDir)));

const PROCESSES = {
  "npm run web": ["--import", "tsx", "scripts/web.ts"],
  "npm run worker": ["--import", "tsx", "worker/index.ts"],
} as const;

/** Runs the process to its end (it must end by itself) and returns its exit code and output. */
function run(args: readonly string[], databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "3935", HOST: "127.0.0.1", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000); // it started instead of refusing
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    }),
  );
}

/** A database migrated up to, but not including, the last migration this code ships. */
async function databaseOneMigrationBehind(): Promise<{ url: string; missing: string }> {
  const migrations = await readMigrations();
  const missing = migrations.at(-1)!.name;
  const dir = await createTempDir("tidings-migrations-");
  tempDirs.push(dir);
  await cp(defaultMigrationsDir, dir, { recursive: true });
  await rm(path.join(dir, missing), { recursive: true });
  const url = await createScratchDatabase();
  await runMigrations({ connectionString: url, migrationsDir: dir });
  return { url, missing };
}

/** A fully migrated database on which a newer release recorded one more migration. */
async function databaseOneMigrationAhead(): Promise<string> {
  const url = await createScratchDatabase({ migrated: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    "INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (gen_random_uuid()::text, 'x', '29991231000000_from_the_future', now(), 1)",
  );
  await client.end();
  return url;
}

function expectOneClearSentence(result: { code: number | null; output: string }, processName: string): void {
  expect(result.code, result.output).not.toBe(0);
  expect(result.code).not.toBeNull(); // it ended by itself, not by the test's kill
  expect(result.output).toContain(`${processName} will not start`);
  expect(result.output).toContain("npm run db:migrate");
  expect(result.output).not.toMatch(/^\s+at /m); // no stack trace
  expect(result.output).not.toContain("worker.ready");
}

describe("web and worker refuse a database whose migrations do not match", () => {
  it("reads the state of a database: empty, behind, current, ahead", async () => {
    const shipped = (await readMigrations()).map((migration) => migration.name);
    expect(await migrationState(await createScratchDatabase())).toEqual({ state: "behind", pending: shipped });
    const behind = await databaseOneMigrationBehind();
    expect(await migrationState(behind.url)).toEqual({ state: "behind", pending: [behind.missing] });
    expect(await migrationState(await createScratchDatabase({ migrated: true }))).toEqual({ state: "current" });
    expect(await migrationState(await databaseOneMigrationAhead())).toEqual({ state: "ahead", unknown: ["29991231000000_from_the_future"] });
  });

  it("refuses PostgreSQL older than 15, and takes 15 and newer", () => {
    expect(versionRefusal({ num: 140011, text: "14.11" }, "npm run web")).toMatch(/^npm run web will not start: the database runs PostgreSQL 14\.11, and Tidings needs PostgreSQL 15 or newer/);
    expect(versionRefusal({ num: 150018, text: "15.18" }, "npm run web")).toBeNull();
    expect(versionRefusal({ num: 180001, text: "18.1" }, "npm run web")).toBeNull();
  });

  for (const [processName, args] of Object.entries(PROCESSES)) {
    it(`${processName} stops on a database one migration behind`, async () => {
      const { url, missing } = await databaseOneMigrationBehind();
      const result = await run(args, url);
      expectOneClearSentence(result, processName);
      expect(result.output).toContain(missing);
    }, 90_000);

    it(`${processName} stops on a database a newer release migrated`, async () => {
      const result = await run(args, await databaseOneMigrationAhead());
      expectOneClearSentence(result, processName);
      expect(result.output).toContain("29991231000000_from_the_future");
    }, 90_000);
  }
});
