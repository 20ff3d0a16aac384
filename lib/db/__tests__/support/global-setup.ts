// Vitest global setup: ONE embedded PostgreSQL for the whole run, in a fresh temp folder,
// with a migrated template database that the shared test database and scratch databases
// are copied from. Torn down (server stopped, folder deleted) when the run ends.
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../../embedded-postgres";
import { runMigrations } from "../../migrate";
import { createTempDir, removeTempDir } from "./temp-dir";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database tests share; setup-env.ts puts it in process.env.DATABASE_URL. */
    databaseUrl: string;
    /** Every migration applied; nobody connects to it, so it can be copied by CREATE DATABASE … TEMPLATE. */
    templateDatabaseUrl: string;
    /** A temp folder for DATA_DIR (uploads, dev secret). */
    dataDir: string;
  }
}

const TEMPLATE_DATABASE = "tidings_template";
const TEST_DATABASE = "tidings_test";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await createTempDir("tidings-test-run-");
  let postgres: EmbeddedPostgres | undefined;
  const teardown = async () => {
    await postgres?.stop();
    await removeTempDir(root);
  };
  try {
    postgres = await startEmbeddedPostgres({
      dataDir: path.join(root, "postgres"),
      // Throwaway data: trade crash safety for speed.
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
    });
    await postgres.ensureDatabase(TEMPLATE_DATABASE);
    await runMigrations({ connectionString: postgres.connectionString(TEMPLATE_DATABASE) });
    await copyDatabase(postgres.connectionString("postgres"), TEMPLATE_DATABASE, TEST_DATABASE);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("databaseUrl", postgres.connectionString(TEST_DATABASE));
  project.provide("templateDatabaseUrl", postgres.connectionString(TEMPLATE_DATABASE));
  project.provide("dataDir", path.join(root, "data"));
  return teardown;
}

async function copyDatabase(adminUrl: string, template: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`);
  } finally {
    await client.end();
  }
}
