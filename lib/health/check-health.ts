// Readiness of the parts a request depends on: the database and the queue schema.
import { db, type Db } from "../db/client";

type PartStatus = { status: "up"; latencyMs: number } | { status: "down"; error: string };

export type HealthReport = {
  status: "ok" | "degraded";
  database: PartStatus;
  queue: PartStatus & { queues?: number };
  checkedAt: string;
};

const CHECK_TIMEOUT_MS = 2000;

async function timed<T>(check: () => Promise<T>): Promise<{ status: "up"; latencyMs: number; value: T } | { status: "down"; error: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const value = await Promise.race([check(), timeout]);
    return { status: "up", latencyMs: Math.round(performance.now() - started), value };
  } catch (error) {
    // Say what failed, not how: no connection strings or stack traces leave the server.
    const message = error instanceof Error && error.message.startsWith("no answer") ? error.message : "unreachable or not installed";
    return { status: "down", error: message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(database: Db = db()): Promise<HealthReport> {
  const [databaseCheck, queueCheck] = await Promise.all([
    timed(() => database.$queryRaw`SELECT 1`),
    timed(async () => {
      const rows = await database.$queryRaw<{ queues: number }[]>`SELECT count(*)::int AS queues FROM pgboss.queue`;
      return rows[0]?.queues ?? 0;
    }),
  ]);
  const databasePart: PartStatus =
    databaseCheck.status === "up" ? { status: "up", latencyMs: databaseCheck.latencyMs } : databaseCheck;
  const queuePart =
    queueCheck.status === "up" ? { status: "up" as const, latencyMs: queueCheck.latencyMs, queues: queueCheck.value } : queueCheck;
  return {
    status: databasePart.status === "up" && queuePart.status === "up" ? "ok" : "degraded",
    database: databasePart,
    queue: queuePart,
    checkedAt: new Date().toISOString(),
  };
}
