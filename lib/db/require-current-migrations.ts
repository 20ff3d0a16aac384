// `npm run web` and `npm run worker` run against a database that `npm run db:migrate`
// looks after (once per release, before the new code rolls out). Started against a
// database whose migrations do not match this code — behind, ahead (a newer release
// migrated it), or half-applied — they would fail later on a missing column in the
// middle of someone's request. So they check first and refuse to start, with one
// sentence that says what to do. (`npm start` migrates its own database first.)
import pg from "pg";
import { isDatabaseUnavailable } from "./is-database-unavailable";
import { readMigrations } from "./migrate";

export type MigrationState =
  | { state: "current" }
  | { state: "behind"; pending: string[] }
  | { state: "ahead"; unknown: string[] }
  | { state: "unfinished"; migration: string };

/** Compares the migrations this code ships with those recorded in the database. */
export async function migrationState(connectionString: string, migrationsDir?: string): Promise<MigrationState> {
  const shipped = (await readMigrations(migrationsDir)).map((migration) => migration.name);
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {}); // a dropped connection fails the query below anyway
  await client.connect();
  try {
    const { rows: table } = await client.query<{ exists: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
    if (!table[0]?.exists) return shipped.length === 0 ? { state: "current" } : { state: "behind", pending: shipped };
    const { rows } = await client.query<{ migration_name: string; finished_at: Date | null }>(
      "SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at",
    );
    const unfinished = rows.find((row) => row.finished_at === null);
    if (unfinished) return { state: "unfinished", migration: unfinished.migration_name };
    const applied = new Set(rows.map((row) => row.migration_name));
    const known = new Set(shipped);
    const unknown = [...applied].filter((name) => !known.has(name));
    if (unknown.length > 0) return { state: "ahead", unknown };
    const pending = shipped.filter((name) => !applied.has(name));
    return pending.length > 0 ? { state: "behind", pending } : { state: "current" };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why a process must not start against this database, or null when it may. */
export function migrationRefusal(state: MigrationState, processName: string): string | null {
  switch (state.state) {
    case "current":
      return null;
    case "behind":
      return `${processName} will not start: the database is ${count(state.pending.length)} behind this version of Tidings (next: ${state.pending[0]}); run \`npm run db:migrate\` with the same DATABASE_URL first.`;
    case "ahead":
      return `${processName} will not start: the database has ${count(state.unknown.length)} this version of Tidings does not know (${state.unknown.join(", ")}), so a newer release migrated it; run that release, or this one's \`npm run db:migrate\` against a database it made.`;
    case "unfinished":
      return `${processName} will not start: migration ${state.migration} started on this database and never finished; run \`npm run db:migrate\` to see what to do about it.`;
  }
}

/** The oldest PostgreSQL Tidings supports (and is tested on: Debian 12's). */
export const MINIMUM_POSTGRES_MAJOR = 15;

/** `server_version_num` (e.g. 150018) and `server_version` (e.g. "15.18 (Debian …)"). */
export type ServerVersion = { num: number; text: string };

async function serverVersion(connectionString: string): Promise<ServerVersion> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ num: string; text: string }>("SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS text");
    return { num: Number(rows[0]?.num), text: rows[0]?.text ?? "" };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why a process must not start on this server version, or null when it may. */
export function versionRefusal(version: ServerVersion, processName: string): string | null {
  if (Math.floor(version.num / 10_000) >= MINIMUM_POSTGRES_MAJOR) return null;
  return `${processName} will not start: the database runs PostgreSQL ${version.text}, and Tidings needs PostgreSQL ${MINIMUM_POSTGRES_MAJOR} or newer; upgrade the server (pg_upgrade, or a dump and restore).`;
}

function count(n: number): string {
  return `${n} migration${n === 1 ? "" : "s"}`;
}

/**
 * The one sentence that stops `processName` from starting against this database —
 * migrations that do not match, or a database that cannot be reached — or null.
 * Anything else (a bug) is thrown.
 */
export async function databaseStartProblem(connectionString: string, processName: string): Promise<string | null> {
  try {
    const tooOld = versionRefusal(await serverVersion(connectionString), processName);
    if (tooOld) return tooOld;
    return migrationRefusal(await migrationState(connectionString), processName);
  } catch (error) {
    if (isDatabaseUnavailable(error) || isLoginError(error)) {
      const target = new URL(connectionString); // host and database only: the URL may carry a password
      return `${processName} will not start: could not reach the database ${target.pathname.slice(1)} on ${target.host} (${(error as Error).message}); check DATABASE_URL and that PostgreSQL is running.`;
    }
    throw error;
  }
}

// Wrong password, unknown user or database: the operator's to fix, not a bug.
function isLoginError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && ["28P01", "28000", "3D000"].includes(code);
}
