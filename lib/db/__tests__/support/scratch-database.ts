// Databases of a test's own on the run's PostgreSQL, for tests that must not share state.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

export type ScratchDatabaseOptions = {
  /** Start with every migration applied (a copy of the migrated template) instead of empty. */
  migrated?: boolean;
};

/**
 * Creates a uniquely named database and returns its connection string. Empty unless
 * `migrated`; no cleanup needed, the whole server is deleted when the run ends.
 */
export async function createScratchDatabase(options: ScratchDatabaseOptions = {}): Promise<string> {
  const templateUrl = new URL(inject("templateDatabaseUrl"));
  const template = decodeURIComponent(templateUrl.pathname.slice(1));
  const name = `scratch_${randomBytes(8).toString("hex")}`;
  const admin = new pg.Client({ connectionString: withDatabase(templateUrl, "postgres") });
  await admin.connect();
  try {
    const from = options.migrated ? ` TEMPLATE ${admin.escapeIdentifier(template)}` : "";
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}${from}`);
  } finally {
    await admin.end();
  }
  return withDatabase(templateUrl, name);
}

function withDatabase(serverUrl: URL, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
