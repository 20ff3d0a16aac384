// Readiness of the parts a request depends on: the database, the queue schema and,
// when files live in an S3 bucket, the bucket (one HeadBucket: cheap, and it proves
// the endpoint answers, the keys are accepted and the bucket exists).
import { db, type Db } from "../db/client";
import { storage as configuredStorage, type Storage } from "../storage/storage";

type PartStatus = { status: "up"; latencyMs: number } | { status: "down"; error: string };

export type HealthReport = {
  status: "ok" | "degraded";
  database: PartStatus;
  queue: PartStatus & { queues?: number };
  /** Only for stores that can be away on their own (an S3 bucket); the local folder is not checked. */
  storage?: PartStatus;
  checkedAt: string;
};

const CHECK_TIMEOUT_MS = 2000;

async function timed<T>(check: (signal: AbortSignal) => Promise<T>): Promise<{ status: "up"; latencyMs: number; value: T } | { status: "down"; error: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  // Cancels what the check started (an S3 request and the SDK's own retries) when time is up.
  const abort = new AbortController();
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
      }, CHECK_TIMEOUT_MS);
    });
    const value = await Promise.race([check(abort.signal), timeout]);
    return { status: "up", latencyMs: Math.round(performance.now() - started), value };
  } catch (error) {
    // Say what failed, not how: no connection strings or stack traces leave the server.
    const message = error instanceof Error && error.message.startsWith("no answer") ? error.message : "unreachable or not installed";
    return { status: "down", error: message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(database: Db = db(), store: Storage = configuredStorage()): Promise<HealthReport> {
  const checkStore = store.checkReady?.bind(store);
  const [databaseCheck, queueCheck, storageCheck] = await Promise.all([
    timed(() => database.$queryRaw`SELECT 1`),
    timed(async () => {
      const rows = await database.$queryRaw<{ queues: number }[]>`SELECT count(*)::int AS queues FROM pgboss.queue`;
      return rows[0]?.queues ?? 0;
    }),
    checkStore ? timed((signal) => checkStore(signal)) : undefined,
  ]);
  const databasePart: PartStatus =
    databaseCheck.status === "up" ? { status: "up", latencyMs: databaseCheck.latencyMs } : databaseCheck;
  const queuePart =
    queueCheck.status === "up" ? { status: "up" as const, latencyMs: queueCheck.latencyMs, queues: queueCheck.value } : queueCheck;
  const storagePart: PartStatus | undefined =
    storageCheck?.status === "up" ? { status: "up", latencyMs: storageCheck.latencyMs } : storageCheck;
  const allUp = databasePart.status === "up" && queuePart.status === "up" && storagePart?.status !== "down";
  return {
    status: allUp ? "ok" : "degraded",
    database: databasePart,
    queue: queuePart,
    ...(storagePart ? { storage: storagePart } : {}),
    checkedAt: new Date().toISOString(),
  };
}
