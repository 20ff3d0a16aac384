// pg-boss instances. The worker owns maintenance and schedules; a web process only
// sends jobs, so it skips both.
import { PgBoss } from "pg-boss";
import { databaseUrl } from "../env";
import { log } from "../log";
import { ensureQueues } from "./ensure-queues";

export function createBoss({ role, connectionString = databaseUrl() }: { role: "worker" | "web"; connectionString?: string }): PgBoss {
  const boss = new PgBoss({
    connectionString,
    application_name: `tidings-${role}`,
    supervise: role === "worker",
    schedule: role === "worker",
    // Wake workers the moment a job is sent instead of on their next poll.
    useListenNotify: role === "worker",
    max: role === "worker" ? 10 : 4,
    // How soon a job whose worker died (no heartbeat, or past its expiry) is retried:
    // within about 10 s, not pg-boss' default minute.
    ...(role === "worker" ? { superviseIntervalSeconds: 10, monitorIntervalSeconds: 10 } : {}),
  });
  boss.on("error", (error) => log.error({ event: "queue.error", role, err: error }, "pg-boss error"));
  return boss;
}

const globalForBoss = globalThis as unknown as { tidingsBoss?: Promise<PgBoss> };

/** The web process' shared, started instance for sending jobs (to queues that surely exist). */
export function webBoss(): Promise<PgBoss> {
  globalForBoss.tidingsBoss ??= createBoss({ role: "web" })
    .start()
    .then(async (boss) => {
      await ensureQueues(boss);
      return boss;
    })
    .catch((error: unknown) => {
      globalForBoss.tidingsBoss = undefined;
      throw error;
    });
  return globalForBoss.tidingsBoss;
}

/** Stops the shared instance (tests, and processes that shut down cleanly). */
export async function stopWebBoss(): Promise<void> {
  const started = globalForBoss.tidingsBoss;
  globalForBoss.tidingsBoss = undefined;
  if (started) await (await started).stop({ graceful: false });
}
