// Two real worker processes against one database: jobs that fail for good in queues
// with and without an onDeadLetter handler are recorded by whichever worker takes
// them from the dead-letter queue, and the admins get ONE email, not one per worker
// or per job.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";

const admins = "ops@example.com, OnCall@example.com";
const workers: ChildProcessByStdio<null, Readable, Readable>[] = [];
let boss: PgBoss;

function startWorker(databaseUrl: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    // No provider keys: the dev mailbox stores what is sent, in this database.
    env: { ...process.env, DATABASE_URL: databaseUrl, ADMIN_EMAILS: admins, RESEND_API_KEY: "", SMTP_URL: "", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.push(child);
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      output.push(line);
      if (line.includes('"event":"worker.ready"')) resolve();
    });
    createInterface({ input: child.stderr }).on("line", (line) => output.push(line));
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output.join("\n")}`)));
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await sleep(200);
  }
}

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  await Promise.all([startWorker(process.env.DATABASE_URL), startWorker(process.env.DATABASE_URL)]);
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL, supervise: false, schedule: false });
  await boss.start();
});

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await Promise.all(
    workers.map((child) => {
      if (child.exitCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      return exited;
    }),
  );
});

describe("dead-letter alerts with two workers", () => {
  it("records every job that failed for good and sends the admins one email", async () => {
    // A payload the queue's schema rejects goes straight to the dead-letter queue (no
    // retry can fix it). notification.notify has no onDeadLetter; webhook.deliver has one.
    await boss.send("notification.notify", { broken: 1 });
    await boss.send("notification.notify", { broken: 2 });
    await boss.send("webhook.deliver", { broken: 3 });

    const failures = await waitFor(
      () => db().queueFailure.findMany({ orderBy: { failedAt: "asc" } }),
      (rows) => rows.length >= 3,
    );
    expect(failures.map((failure) => failure.queue).sort()).toEqual(["notification.notify", "notification.notify", "webhook.deliver"]);
    expect(failures.every((failure) => failure.error === "invalid payload for notification.notify" || failure.error === "invalid payload for webhook.deliver")).toBe(true);

    // Both workers had their chance to alert.
    await sleep(2000);
    const emails = await db().mailboxMessage.findMany();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to).toEqual(["ops@example.com", "oncall@example.com"]);
    expect(emails[0]!.subject).toMatch(/^(notification\.notify|webhook\.deliver): job failed after 1 attempt$|^\d jobs failed for good/);

    const alerts = await db().adminAlert.findMany({ include: { failures: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.sentAt).not.toBeNull();
    // The rest wait for the next alert, 5 minutes after this one.
    const unreported = await db().queueFailure.count({ where: { alertId: null } });
    expect(alerts[0]!.failures.length + unreported).toBe(3);
  }, 60_000);
});
