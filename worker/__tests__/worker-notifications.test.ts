// Batch outcome → email, through the real worker process, real pg-boss and the real
// Resend SDK pointed at a local Resend-compatible server: exactly one email per
// outcome when files finish together, when the provider fails 30 % of requests, and
// when the worker dies after the provider accepted an email.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { emailHeader, type AcceptedEmail } from "@/e2e/support/fake-resend-server";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { db } from "@/lib/db/client";
import { DELIVERY_ID_HEADER } from "@/lib/notifications/deliveries/send-delivery-email";
import { storage } from "@/lib/storage/storage";
import { useResendWorkers, waitFor } from "./support/worker-harness";

const workers = useResendWorkers();

async function uploadBatch(files: number) {
  const user = await db().user.create({ data: { email: `worker-notify-${randomUUID()}@example.com` } });
  const stored = [];
  for (let i = 0; i < files; i += 1) {
    const key = `uploads/${randomUUID()}/${i}`;
    const { bytes } = await storage().put(key, Readable.from([`email\nann.${i}@acme.com\nbob.${i}@acme.com\nnot-an-address\n`]));
    stored.push({ key, originalName: `part-${i}.csv`, bytes, sha256: "0".repeat(64), contentType: "text/csv" });
  }
  const batch = await createBatch(workers.boss, { userId: user.id, source: "api", files: stored, options: batchOptionsSchema.parse({}) });
  return { batchId: batch.id, email: user.email };
}

const emailDeliveries = (batchIds: string[]) =>
  db().delivery.findMany({ where: { channel: "email", event: { batchId: { in: batchIds } } }, include: { event: true } });

function emailsTo(address: string) {
  return workers.resend.emails().filter((email) => (email.payload.to as string[]).includes(address));
}

it("sends one email per batch when a batch's last two files finish together", { timeout: 90_000 }, async () => {
  workers.start();
  const batches = await Promise.all(Array.from({ length: 4 }, () => uploadBatch(2)));
  const ids = batches.map((batch) => batch.batchId);
  await waitFor(() => emailDeliveries(ids), (rows) => rows.length === 4 && rows.every((row) => row.status === "sent"), 60_000);

  for (const { email } of batches) {
    const [only, ...more] = emailsTo(email);
    expect(more).toHaveLength(0);
    expect(only?.payload.subject).toBe("2 files: 4 valid of 6 rows");
  }
  expect(await db().notificationEvent.count({ where: { batchId: { in: ids } } })).toBe(4);
});

it("delivers every email exactly once while the provider fails 30 % of requests", { timeout: 180_000 }, async () => {
  // The first request fails for sure; after that, 30 % of requests at random.
  workers.resend.failNext(1, { status: 503 });
  workers.resend.failRandomly(0.3, [{ status: 429, retryAfterSeconds: 1 }, { status: 500 }, { status: 503 }], 42);
  // Faults, not pacing, are under test here (the other tests run with Resend's default 2/s).
  workers.start({ RESEND_REQUESTS_PER_SECOND: "0" });
  const batches = await Promise.all(Array.from({ length: 10 }, () => uploadBatch(1)));
  const ids = batches.map((batch) => batch.batchId);
  const deliveries = await waitFor(
    () => emailDeliveries(ids),
    (rows) => rows.length === 10 && rows.every((row) => row.status === "sent"),
    // Each 5xx waits 15–30 s before its retry (the production backoff): a few rounds fit.
    170_000,
  );

  const accepted = workers.resend.emails();
  expect(accepted).toHaveLength(10);
  const deliveryIdOf = (email: AcceptedEmail) => emailHeader(email, DELIVERY_ID_HEADER);
  expect(accepted.map(deliveryIdOf).sort()).toEqual(deliveries.map((row) => row.id).sort());
  // The faults really happened, and every one of them was retried.
  expect(workers.resend.failuresServed()).toBeGreaterThan(0);
  expect(workers.resend.requests().length).toBeGreaterThan(workers.resend.failuresServed());
  for (const row of deliveries) expect(row.providerMessageId).toBe(accepted.find((email) => deliveryIdOf(email) === row.id)?.id);
});

it("sends exactly one email when the worker is killed after the provider accepted it", { timeout: 180_000 }, async () => {
  workers.resend.holdResponses();
  const first = workers.start();
  const { batchId, email } = await uploadBatch(1);
  await waitFor(() => workers.resend.emails().length, (count) => count === 1, 80_000);
  // Resend has the email; the worker has not heard back. Kill it there.
  first.kill("SIGKILL");
  await new Promise((resolve) => first.once("exit", resolve));
  workers.resend.releaseResponses();

  workers.start();
  const [delivery] = await waitFor(() => emailDeliveries([batchId]), (rows) => rows[0]?.status === "sent", 100_000);
  expect(emailsTo(email)).toHaveLength(1);
  expect(workers.resend.requests().length).toBeGreaterThanOrEqual(2);
  expect(delivery?.providerMessageId).toBe(workers.resend.emails()[0]?.id);
  expect(delivery?.attempts).toBe(2);
});
