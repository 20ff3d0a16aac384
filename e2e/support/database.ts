// Direct access to the database of the `npm start` under test, for the few facts
// a browser cannot arrange (such as a link that expired a day ago). The embedded
// server's port is read from its postmaster.pid (line 4, as PostgreSQL documents),
// its password from the file Tidings keeps beside the data.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

function e2eConnectionString(): string {
  const dataDir = process.env.TIDINGS_E2E_DATA_DIR;
  if (!dataDir) throw new Error("TIDINGS_E2E_DATA_DIR is not set: run e2e tests through playwright.config.ts");
  const clusterDir = path.join(dataDir, "postgres");
  const port = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[3]);
  const password = readFileSync(path.join(clusterDir, "tidings-password"), "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/tidings`;
}

export async function withDatabase<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eConnectionString() });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
