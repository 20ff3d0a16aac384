// One batch, one list, in the numbers people see: through the real worker process, real
// pg-boss and the real Resend SDK pointed at a local Resend-compatible server, a batch
// whose second file repeats an address of the first reports it as a duplicate in the
// stored batch and in the email, as the downloads do — also when the worker is killed
// while counting, and then with one email only.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { batchOptionsSchema } from "@/lib/batches/batch-options";
import { createBatch } from "@/lib/batches/create-batch";
import { db } from "@/lib/db/client";
import { storage } from "@/lib/storage/storage";
import { useResendWorkers, waitFor } from "./support/worker-harness";

const workers = useResendWorkers();

async function uploadBatch(contents: readonly (string | Iterable<string>)[]) {
  const user = await db().user.create({ data: { email: `cross-file-${randomUUID()}@acme-mail.com` } });
  const stored = [];
  for (const [i, content] of contents.entries()) {
    const key = `uploads/${randomUUID()}/${i}`;
    const { bytes } = await storage().put(key, Readable.from(typeof content === "string" ? [content] : content));
    stored.push({ key, originalName: `crm-${i}.csv`, bytes, sha256: "0".repeat(64), contentType: "text/csv" });
  }
  const batch = await createBatch(workers.boss, { userId: user.id, source: "api", files: stored, options: batchOptionsSchema.parse({}) });
  return { batchId: batch.id, email: user.email };
}

const readBatch = (batchId: string) => db().batch.findUniqueOrThrow({ where: { id: batchId }, include: { files: { orderBy: { position: "asc" } } } });
const emailsTo = (address: string) => workers.resend.emails().filter((email) => (email.payload.to as string[]).includes(address));

it("counts an address already in an earlier file as a duplicate in the stored batch and the email", { timeout: 90_000 }, async () => {
  workers.start();
  const { batchId, email } = await uploadBatch([
    "email\nann@acme-mail.com\nbob@acme-mail.com\nnot-an-address\n",
    "email\ncy@acme-mail.com\nann@acme-mail.com\ndee@acme-mail.com\n",
  ]);
  await waitFor(() => emailsTo(email), (emails) => emails.length === 1, 60_000);

  const batch = await readBatch(batchId);
  expect(batch.status).toBe("completed");
  expect(batch.stats).toMatchObject({ rows: 6, verdicts: { valid: 4, invalid: 1, duplicate: 1 }, crossFileDuplicates: 1 });
  expect(batch.files.map((file) => file.crossFileDuplicates)).toEqual([
    { valid: 0, risky: 0, duplicate: 0, alias_duplicate: 0 },
    { valid: 1, risky: 0, duplicate: 1, alias_duplicate: 0 },
  ]);

  const [sent] = emailsTo(email);
  // Without the count: "2 files: 5 valid of 6 rows".
  expect(sent?.payload.subject).toBe("2 files: 4 valid of 6 rows");
  const text = String(sent?.payload.text);
  expect(text).toContain("2 valid of 3 rows · 1 also in an earlier file of this batch");
  expect(text).toContain("Duplicates include 1 row also in an earlier file of this batch.");
  expect(String(sent?.payload.html)).toContain("1 also in an earlier file of this batch");
});

// Large enough that counting takes a moment (a few seconds here): the worker is killed in it.
const ROWS = 300_000;
function* bigCsv(offset: number) {
  yield "email\n";
  for (let i = 0; i < ROWS; i += 1000) {
    let chunk = "";
    for (let j = i; j < i + 1000; j += 1) chunk += `person.${j + offset}@acme-mail.com\n`;
    yield chunk;
  }
}

async function countJobs(batchId: string) {
  return db().$queryRaw<{ state: string; retry_count: number }[]>`
    SELECT state::text, retry_count FROM pgboss.job WHERE name = 'batch.count-cross-file-duplicates' AND data->>'batchId' = ${batchId}`;
}

it("counts again after the worker is killed while counting, and sends one email", { timeout: 180_000 }, async () => {
  // The second file repeats the first file's second half.
  const { batchId, email } = await uploadBatch([bigCsv(0), bigCsv(ROWS / 2)]);
  const first = workers.start();
  await waitFor(() => countJobs(batchId), (jobs) => jobs.some((job) => job.state === "active"), 120_000);
  first.kill("SIGKILL");
  await new Promise((resolve) => first.once("exit", resolve));
  // Killed before the count was written: nothing announced yet.
  expect((await readBatch(batchId)).status).toBe("processing");
  expect(await db().notificationEvent.count({ where: { batchId } })).toBe(0);

  workers.start();
  await waitFor(() => emailsTo(email), (emails) => emails.length === 1, 150_000);
  const batch = await readBatch(batchId);
  expect(batch.stats).toMatchObject({ rows: 2 * ROWS, verdicts: { valid: 1.5 * ROWS, duplicate: ROWS / 2 }, crossFileDuplicates: ROWS / 2 });
  // The killed attempt was retried, not replaced by another job.
  expect(await countJobs(batchId)).toEqual([{ state: "completed", retry_count: 1 }]);
  expect(await db().notificationEvent.count({ where: { batchId } })).toBe(1);
  expect(emailsTo(email)).toHaveLength(1);
});
