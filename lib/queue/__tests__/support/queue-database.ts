// For test files that queue jobs but run no workers: a migrated database of the
// file's own (so workers started by files running alongside never take its jobs), put
// in process.env.DATABASE_URL before anything opens it, and a started pg-boss with
// every queue of the registry. Call it first in beforeAll; stop the boss in afterAll.
import { PgBoss } from "pg-boss";
import { createScratchDatabase } from "../../../db/__tests__/support/scratch-database";
import { ensureQueues } from "../../ensure-queues";

export async function startQueueDatabase(): Promise<PgBoss> {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  const boss = new PgBoss({ connectionString: process.env.DATABASE_URL, supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
  return boss;
}
