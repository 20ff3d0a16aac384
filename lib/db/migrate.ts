// Applies prisma/migrations/<name>/migration.sql in name order, keeping Prisma Migrate's
// own `_prisma_migrations` bookkeeping, so `prisma migrate deploy` accepts a database
// migrated here and the other way round. Prisma's schema engine is a binary download
// that some machines cannot make; this needs nothing but the pg driver.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { displayPath } from "./display-path";

/** The advisory lock `prisma migrate` takes, so this runner and Prisma's never overlap either. */
export const MIGRATION_LOCK_KEY = 72707369;

export const defaultMigrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

export type MigrateOptions = {
  connectionString: string;
  migrationsDir?: string;
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
  /** Called before each pending migration runs, e.g. to print progress. */
  onApplying?: (migration: string) => void;
};

export type MigrationSummary = { applied: string[]; alreadyApplied: number };

export type MigrationErrorReason = "checksum_mismatch" | "unresolved_failure" | "failed" | "lock_timeout" | "missing_script";

/** An expected failure with a message that says what to do; print the message, not the stack. */
export class MigrationError extends Error {
  constructor(
    readonly reason: MigrationErrorReason,
    message: string,
    readonly migration?: string,
    /** Migrations this run committed before it stopped. */
    readonly applied: readonly string[] = [],
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export type Migration = { name: string; file: string; script: string };
type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; started_at: Date; logs: string | null };

// Prisma's DDL, verbatim (prisma-engines, postgres flavour `create_migrations_table`).
const CREATE_BOOKKEEPING_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/** Applies every pending migration; a second run is a no-op. */
export async function runMigrations(options: MigrateOptions): Promise<MigrationSummary> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: options.connectionString });
  // A dropped idle connection is reported as an event; the next query fails with it anyway.
  client.on("error", () => {});
  await client.connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 5 * 60_000);
    await client.query(CREATE_BOOKKEEPING_TABLE);
    // Rolled-back rows are history only: Prisma applies such a migration again, and so do we.
    const { rows } = await client.query<AppliedRow>(
      "SELECT migration_name, checksum, finished_at, started_at, logs FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at",
    );
    refuseUnresolvedFailures(rows);
    const recorded = new Map(rows.map((row) => [row.migration_name, row]));
    for (const migration of migrations) {
      const row = recorded.get(migration.name);
      if (row && !scriptMatchesChecksum(migration.script, row.checksum)) throw checksumMismatch(migration);
    }
    const pending = migrations.filter((migration) => !recorded.has(migration.name));
    const applied: string[] = [];
    for (const migration of pending) {
      options.onApplying?.(migration.name);
      await applyMigration(client, migration, applied);
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: migrations.length - pending.length };
  } finally {
    // Ending the session releases the advisory lock too.
    await client.end().catch(() => {});
  }
}

/** Prisma's checksum: sha256 of migration.sql as lowercase hex. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/**
 * Same tolerance as Prisma: line endings changed by git (CRLF/LF) still match, and so do
 * unpadded hex checksums written by old Prisma versions (prisma-engines#1887).
 */
function scriptMatchesChecksum(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const legacy = recorded.length > 0 && recorded.length !== 64;
    const rendered = legacy ? [...digest].map((byte) => byte.toString(16)).join("") : digest.toString("hex");
    return rendered === recorded;
  });
}

/** The migrations in `dir` (one folder each), in the order they apply. */
export async function readMigrations(dir: string = defaultMigrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new MigrationError("missing_script", `No migrations folder at ${displayPath(dir)}.`);
  });
  // Prisma orders by folder name; the timestamp prefix makes that chronological.
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const script = await readFile(file, "utf8").catch(() => {
        throw new MigrationError("missing_script", `Migration ${name} has no migration.sql (looked for ${displayPath(file)}).`, name);
      });
      return { name, file, script };
    }),
  );
}

async function acquireLock(client: pg.Client, timeoutMs: number): Promise<void> {
  // Session-level, like Prisma's, so it spans the per-migration transactions.
  await client.query("SELECT set_config('lock_timeout', $1, false)", [`${timeoutMs}ms`]);
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  } catch (error) {
    if ((error as { code?: string }).code !== "55P03") throw error;
    throw new MigrationError(
      "lock_timeout",
      `Another process has been migrating this database for over ${Math.round(timeoutMs / 1000)} s (it holds advisory lock ${MIGRATION_LOCK_KEY}, the one \`prisma migrate\` uses). Wait for it to finish and try again; \`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = ${MIGRATION_LOCK_KEY}\` shows who holds it.`,
    );
  }
  // Back to the connection's own setting, so migrations themselves are not cut short.
  await client.query("RESET lock_timeout");
}

/** The migration and its bookkeeping row commit together or not at all. */
async function applyMigration(client: pg.Client, migration: Migration, appliedSoFar: readonly string[]): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = randomUUID();
    await client.query("INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)", [
      id,
      migrationChecksum(migration.script),
      migration.name,
    ]);
    await client.query(migration.script);
    // applied_steps_count = 1 is what Prisma records for a finished SQL migration.
    await client.query("UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1", [id]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw migrationFailed(migration, error as pg.DatabaseError, appliedSoFar);
  }
}

function migrationFailed(migration: Migration, error: pg.DatabaseError, appliedSoFar: readonly string[]): MigrationError {
  const position = Number(error.position);
  const where = position > 0 ? ` (line ${migration.script.slice(0, position - 1).split("\n").length} of ${displayPath(migration.file)})` : "";
  const hint =
    error.code === "25001"
      ? "\nIt contains a statement that cannot run inside a transaction (such as CREATE INDEX CONCURRENTLY); Tidings applies each migration in one transaction."
      : "";
  return new MigrationError(
    "failed",
    `Migration ${migration.name} failed and was rolled back, so none of it was applied:\n  ${error.message}${where}${hint}\nFix its SQL and run the migrations again.`,
    migration.name,
    appliedSoFar,
  );
}

function checksumMismatch(migration: Migration): MigrationError {
  const file = displayPath(migration.file);
  return new MigrationError(
    "checksum_mismatch",
    `Migration ${migration.name} was edited after it was applied to this database: ${file} no longer matches the checksum recorded in _prisma_migrations. Nothing was migrated.\nPut the file back as it was (e.g. \`git checkout -- ${file}\`) and make the change in a new migration instead.`,
    migration.name,
  );
}

function refuseUnresolvedFailures(rows: readonly AppliedRow[]): void {
  const failed = rows.find((row) => row.finished_at === null);
  if (!failed) return;
  const name = failed.migration_name;
  const logs = failed.logs?.trim() ? `\nIts logs:\n${failed.logs.trim()}` : "";
  throw new MigrationError(
    "unresolved_failure",
    `Migration ${name} started at ${failed.started_at.toISOString()} and never finished, so the database may be half-migrated. Nothing was migrated.${logs}\n` +
      `Check the database by hand, then either complete the migration's remaining steps and run \`npx prisma migrate resolve --applied ${name}\`, ` +
      `or undo its partial changes and run \`npx prisma migrate resolve --rolled-back ${name}\` ` +
      `(without Prisma's engine: UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${name}' AND finished_at IS NULL).`,
    name,
  );
}
