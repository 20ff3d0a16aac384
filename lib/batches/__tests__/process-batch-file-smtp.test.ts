// The worker with SMTP_CHECK on: a batch's file goes through the SMTP stage with the
// settings from the environment (port, DNS servers, budget), and the results show it.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { queueHandlers } from "@/worker/queue-handlers";
import { workQueues } from "../../queue/work-queues";
import { storage } from "../../storage/storage";
import { startLoopbackDnsServer } from "../../verification/__tests__/support/loopback-dns-server";
import { startScriptedSmtpServer } from "../../verification/__tests__/support/scripted-smtp-server";
import { batchOptionsSchema } from "../batch-options";
import { createBatch } from "../create-batch";

let worker: PgBoss;
let dns: Awaited<ReturnType<typeof startLoopbackDnsServer>>;
let smtp: Awaited<ReturnType<typeof startScriptedSmtpServer>>;

beforeAll(async () => {
  smtp = await startScriptedSmtpServer({ domains: { "acme-mail.com": { mailboxes: ["ada@acme-mail.com"] } } });
  dns = await startLoopbackDnsServer({
    "acme-mail.com": { mx: [{ exchange: "mx.acme-mail.com", preference: 10 }] },
    "mx.acme-mail.com": { a: ["127.0.0.1"] },
  });
  // Read by lib/env.ts on first use, which comes after this in this test file's own process.
  Object.assign(process.env, {
    SMTP_CHECK: "true",
    SMTP_CHECK_PORT: String(smtp.port),
    SMTP_CHECK_HELO_NAME: "check.acme-mail.com",
    SMTP_CHECK_DOMAIN_INTERVAL_MS: "0",
    SMTP_CHECK_RETRY_DELAY_SECONDS: "0",
    DNS_SERVERS: dns.server,
  });
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  worker = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", supervise: false, schedule: false });
  await worker.start();
  await workQueues(worker, queueHandlers);
});

afterAll(async () => {
  await worker.stop({ graceful: false });
  await smtp.stop();
  await dns.stop();
});

async function waitForFinalBatch(batchId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const batch = await db().batch.findUniqueOrThrow({ where: { id: batchId }, include: { files: true } });
    if (!["queued", "processing"].includes(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`batch ${batchId} did not finish within ${timeoutMs} ms`);
}

describe("processing a batch with SMTP checks on", () => {
  it("asks the mail server about each address and records what it said", async () => {
    const body = Buffer.from("name,email\nAda,ada@acme-mail.com\nBob,bob@acme-mail.com\n");
    const key = `uploads/${randomUUID()}/0`;
    await storage().put(key, Readable.from([body]));
    const user = await db().user.create({ data: { email: `smtp-${randomUUID()}@acme-mail.com` } });
    const batch = await createBatch(worker, {
      userId: user.id,
      source: "api",
      files: [{ key, originalName: "contacts.csv", bytes: body.length, sha256: "0".repeat(64), contentType: "text/csv" }],
      options: batchOptionsSchema.parse({}),
    });

    const finished = await waitForFinalBatch(batch.id);

    const [file] = finished.files;
    expect(file?.summary).toMatchObject({
      verdicts: { valid: 1, invalid: 1 },
      reasons: { mailbox_not_found: 1 },
      mailboxes: { deliverable: 1, undeliverable: 1 },
    });
    expect(smtp.commands).toContain("EHLO check.acme-mail.com");
    const cleaned = await text(storage().get(file?.cleanedKey ?? ""));
    expect(cleaned).toContain("ada@acme-mail.com");
    expect(cleaned).not.toContain("bob@acme-mail.com");
  });
});
