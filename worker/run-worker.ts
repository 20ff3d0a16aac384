// The worker process (entered through worker/index.ts): starts pg-boss, works
// every queue with its handlers and, on SIGTERM/SIGINT, stops fetching, lets
// in-flight jobs finish and exits.
import { db } from "@/lib/db/client";
import { databaseStartProblem } from "@/lib/db/require-current-migrations";
import { databaseUrl, env, EnvError } from "@/lib/env";
import { log } from "@/lib/log";
import { createBoss } from "@/lib/queue/boss";
import { workQueues } from "@/lib/queue/work-queues";
import { queueHandlers } from "./queue-handlers";

async function main(): Promise<void> {
  const settings = env();
  // Before any job is fetched: a database with other migrations than this code would fail them.
  const problem = await databaseStartProblem(databaseUrl(), "npm run worker");
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const boss = createBoss({ role: "worker" });
  await boss.start();
  const queues = await workQueues(boss, queueHandlers);
  log.info({ event: "worker.ready", queues, transport: settings.EMAIL_TRANSPORT, pid: process.pid }, "worker ready");

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: "worker.stopping", signal }, "stopping: finishing in-flight jobs");
    const timeout = settings.WORKER_SHUTDOWN_TIMEOUT_SECONDS * 1000;
    // pg-boss resolves stop() before its last connections close; wait for "stopped".
    const stopped = new Promise<void>((resolve) => boss.once("stopped", () => resolve()));
    await boss.stop({ graceful: true, timeout });
    await stopped;
    await db().$disconnect();
    log.info({ event: "worker.stopped" }, "worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void stop(signal));
  process.on("SIGINT", (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    log.fatal({ event: "worker.crashed", err: error }, "worker failed to start");
  }
  process.exit(1);
});
