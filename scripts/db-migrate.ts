// npm run db:migrate — apply the pending migrations in prisma/migrations to DATABASE_URL.
import { MigrationError, runMigrations } from "../lib/db/migrate";
import { databaseUrl, EnvError } from "../lib/env";

async function main(): Promise<void> {
  const connectionString = databaseUrl();
  const target = new URL(connectionString);
  // Host and database only: the URL may carry a password.
  console.log(`Migrating ${target.pathname.slice(1) || "(default database)"} on ${target.host}`);
  const summary = await runMigrations({
    connectionString,
    onApplying: (migration) => console.log(`  applying ${migration}…`),
  });
  const already = `${migrations(summary.alreadyApplied)} already applied`;
  if (summary.applied.length === 0) console.log(`The database is up to date (${already}).`);
  else console.log(`Applied ${migrations(summary.applied.length)} (${already}).`);
}

function migrations(count: number): string {
  return `${count} migration${count === 1 ? "" : "s"}`;
}

try {
  await main();
} catch (error) {
  if (error instanceof MigrationError) {
    if (error.applied.length > 0) console.error(`Applied before the failure: ${error.applied.join(", ")}`);
    console.error(error.message);
  } else if (error instanceof EnvError) {
    console.error(error.message);
  } else if (isConnectionError(error)) {
    console.error(`Could not reach the database: ${error.message}`);
  } else {
    throw error; // unexpected: keep the stack
  }
  process.exitCode = 1;
}

// Network failures and refused logins are the user's to fix, not bugs: no stack trace.
function isConnectionError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "28P01", "28000", "3D000"].includes(code);
}
