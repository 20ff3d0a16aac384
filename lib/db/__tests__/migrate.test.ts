import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, MigrationError, runMigrations } from "../migrate";
import { createScratchDatabase } from "./support/scratch-database";
import { createTempDir, removeTempDir } from "./support/temp-dir";

const tempDirs: string[] = [];
afterAll(async () => Promise.all(tempDirs.map(removeTempDir)));

async function sql<Row extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function tables(url: string): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  return rows.map((row) => row.table_name).sort();
}

async function bookkeeping(url: string) {
  return sql<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number; logs: string | null }>(
    url,
    "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name",
  );
}

/** The repository's migrations, read straight from disk. */
async function repoMigrations(): Promise<{ name: string; script: string }[]> {
  const names = (await readdir(defaultMigrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => ({ name, script: await readFile(path.join(defaultMigrationsDir, name, "migration.sql"), "utf8") })));
}

/** A copy of prisma/migrations the test may edit, plus extra migrations (name → SQL). */
async function migrationsCopy(extra: Record<string, string> = {}): Promise<string> {
  const dir = await createTempDir("tidings-migrations-");
  tempDirs.push(dir);
  await cp(defaultMigrationsDir, dir, { recursive: true });
  for (const [name, script] of Object.entries(extra)) await addMigration(dir, name, script);
  return dir;
}

async function addMigration(dir: string, name: string, script: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), script);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("runMigrations", () => {
  it("applies every migration to a fresh database, with Prisma's bookkeeping", async () => {
    const url = await createScratchDatabase();
    const migrations = await repoMigrations();
    expect(migrations.length).toBeGreaterThan(0);

    const summary = await runMigrations({ connectionString: url });

    expect(summary).toEqual({ applied: migrations.map((m) => m.name), alreadyApplied: 0 });
    const created = migrations.flatMap((m) => [...m.script.matchAll(/CREATE TABLE "(\w+)"/g)].map((match) => match[1]));
    expect(await tables(url)).toEqual([...created, "_prisma_migrations"].sort());
    const rows = await bookkeeping(url);
    expect(rows.map((row) => ({ ...row, finished_at: row.finished_at instanceof Date }))).toEqual(
      migrations.map((m) => ({ migration_name: m.name, checksum: sha256(m.script), finished_at: true, rolled_back_at: null, applied_steps_count: 1, logs: null })),
    );
    // Column for column the table `prisma migrate` creates, so either tool accepts the other's work.
    const columns = await sql(
      url,
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", length: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", length: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", length: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", length: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", length: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", length: null, is_nullable: "NO", column_default: "0" },
    ]);
  });

  it("applies nothing the second time", async () => {
    const url = await createScratchDatabase();
    const first = await runMigrations({ connectionString: url });
    const rowsBefore = await bookkeeping(url);

    const second = await runMigrations({ connectionString: url });

    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    expect(await bookkeeping(url)).toEqual(rowsBefore);
  });

  it("finds the test run's migrated databases up to date", async () => {
    const url = await createScratchDatabase({ migrated: true });
    const summary = await runMigrations({ connectionString: url });
    expect(summary).toEqual({ applied: [], alreadyApplied: (await repoMigrations()).length });
  });

  it("refuses an applied migration that was edited, and changes nothing", async () => {
    const url = await createScratchDatabase();
    const dir = await migrationsCopy();
    await runMigrations({ connectionString: url, migrationsDir: dir });
    const [first] = await repoMigrations();
    const rowsBefore = await bookkeeping(url);
    await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.script}\nCREATE TABLE "Sneaky" ("id" INTEGER);\n`);
    await addMigration(dir, "29990101000000_next", `CREATE TABLE "Next" ("id" INTEGER);`);

    const error = await runMigrations({ connectionString: url, migrationsDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ reason: "checksum_mismatch", migration: first!.name });
    expect((error as Error).message).toContain(`Migration ${first!.name} was edited after it was applied`);
    expect((error as Error).message).toContain("new migration");
    expect(await tables(url)).not.toContain("Sneaky");
    expect(await tables(url)).not.toContain("Next");
    expect(await bookkeeping(url)).toEqual(rowsBefore);
  });

  it("accepts an applied migration whose line endings git changed, as Prisma does", async () => {
    const url = await createScratchDatabase();
    const dir = await migrationsCopy();
    await runMigrations({ connectionString: url, migrationsDir: dir });
    const [first] = await repoMigrations();
    await writeFile(path.join(dir, first!.name, "migration.sql"), first!.script.replaceAll("\n", "\r\n"));

    await expect(runMigrations({ connectionString: url, migrationsDir: dir })).resolves.toMatchObject({ applied: [] });
  });

  it("rolls a failing migration back, says which and why, and applies it once fixed", async () => {
    const url = await createScratchDatabase();
    const names = (await repoMigrations()).map((m) => m.name);
    const dir = await migrationsCopy({
      "29990101000000_add_note": `CREATE TABLE "Note" ("id" INTEGER);`,
      "29990102000000_broken": `CREATE TABLE "Partial" ("id" INTEGER);\nINSERT INTO "DoesNotExist" VALUES (1);\n`,
    });

    const error = await runMigrations({ connectionString: url, migrationsDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ reason: "failed", migration: "29990102000000_broken", applied: [...names, "29990101000000_add_note"] });
    expect((error as Error).message).toMatch(/Migration 29990102000000_broken failed and was rolled back/);
    expect((error as Error).message).toContain('relation "DoesNotExist" does not exist (line 2 of');
    expect(await tables(url)).toContain("Note");
    expect(await tables(url)).not.toContain("Partial");
    expect((await bookkeeping(url)).map((row) => row.migration_name)).toEqual([...names, "29990101000000_add_note"]);

    await addMigration(dir, "29990102000000_broken", `CREATE TABLE "Partial" ("id" INTEGER);\n`);
    const retry = await runMigrations({ connectionString: url, migrationsDir: dir });
    expect(retry.applied).toEqual(["29990102000000_broken"]);
    expect(await tables(url)).toContain("Partial");
  });

  it("refuses to continue after a migration that failed half-way under prisma migrate", async () => {
    const url = await createScratchDatabase({ migrated: true });
    await sql(url, `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES (gen_random_uuid()::text, $1, $2, $3)`, [
      sha256("x"),
      "29990101000000_half_done",
      "Database error: column already exists",
    ]);
    const dir = await migrationsCopy({
      "29990101000000_half_done": "SELECT 1;",
      "29990102000000_next": `CREATE TABLE "Next" ("id" INTEGER);`,
    });

    const error = await runMigrations({ connectionString: url, migrationsDir: dir }).catch((e: unknown) => e);

    expect(error).toMatchObject({ reason: "unresolved_failure", migration: "29990101000000_half_done" });
    expect((error as Error).message).toContain("Migration 29990101000000_half_done started at");
    expect((error as Error).message).toContain("column already exists");
    expect((error as Error).message).toContain("prisma migrate resolve --rolled-back 29990101000000_half_done");
    expect(await tables(url)).not.toContain("Next");
  });

  it("lets concurrent runs on one database apply each migration exactly once", async () => {
    const url = await createScratchDatabase();
    const extra = Object.fromEntries([1, 2, 3].map((n) => [`2999010${n}000000_table_${n}`, `CREATE TABLE "Table${n}" ("id" INTEGER);`]));
    const dir = await migrationsCopy(extra);
    const all = [...(await repoMigrations()).map((m) => m.name), ...Object.keys(extra)];

    const results = await Promise.all([1, 2, 3, 4].map(() => runMigrations({ connectionString: url, migrationsDir: dir })));

    expect(results.flatMap((result) => result.applied).sort()).toEqual(all);
    for (const result of results) expect(result.applied.length + result.alreadyApplied).toBe(all.length);
    expect((await bookkeeping(url)).map((row) => row.migration_name)).toEqual(all);
  });

  it("waits for prisma migrate's advisory lock, and gives up with a clear error", async () => {
    const url = await createScratchDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(72707369)"); // the key Prisma Migrate uses

      const error = await runMigrations({ connectionString: url, lockTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: "lock_timeout" });
      expect((error as Error).message).toContain("Another process has been migrating this database");

      let settled = false;
      const waiting = runMigrations({ connectionString: url }).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      expect(await tables(url)).toEqual([]);
      await holder.query("SELECT pg_advisory_unlock(72707369)");
      await expect(waiting).resolves.toMatchObject({ alreadyApplied: 0 });
    } finally {
      await holder.end();
    }
  });
});
