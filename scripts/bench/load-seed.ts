// bench:load's people and data, written straight into the app's database: users with
// a database session each (the cookie Auth.js reads) and an API token, so sign-in rate
// limits and the mailbox stay out of the figures; and one account with many finished
// batches (one file each) for the big-list measurements.
import { randomBytes } from "node:crypto";
import { createApiToken } from "../../lib/api-tokens/create-api-token";
import { db } from "../../lib/db/client";

export type Person = { index: number; userId: string; email: string; sessionToken: string; apiToken: string };

export async function seedPeople(count: number, tag: string): Promise<Person[]> {
  const people: Person[] = [];
  for (let index = 0; index < count; index += 1) {
    // Real-looking domains: verification treats special-use ones (example.com) as invalid.
    const email = `load-${tag}-${index}@acme-mail.com`;
    const user = await db().user.create({ data: { email, emailVerified: new Date() } });
    const sessionToken = randomBytes(32).toString("base64url");
    await db().session.create({ data: { sessionToken, userId: user.id, expires: new Date(Date.now() + 86_400_000) } });
    const { token } = await createApiToken(user.id, "bench:load");
    people.push({ index, userId: user.id, email, sessionToken, apiToken: token });
  }
  return people;
}

const STATUSES = ["completed", "completed", "completed", "partial", "failed"];

/** `count` finished batches for `userId`, one a minute back from now, each with one completed file. */
export async function seedFinishedBatches(userId: string, count: number): Promise<void> {
  await db().$executeRaw`
    INSERT INTO "Batch" (id, "userId", status, source, options, "fileCount", "totalBytes", stats, "createdAt", "startedAt", "finishedAt", "expiresAt", "updatedAt")
    SELECT 'seed' || ${userId} || '-' || i, ${userId}, (${STATUSES}::text[])[1 + i % 5]::"BatchStatus", 'api', '{}', 1, 40000 + i,
           jsonb_build_object('rows', 1000, 'verdicts', jsonb_build_object('valid', 900, 'invalid', 100), 'reasons', jsonb_build_object('syntax', 100)),
           now() - make_interval(mins => i), now() - make_interval(mins => i), now() - make_interval(mins => i),
           now() + interval '30 days', now()
    FROM generate_series(1, ${count}::int) AS i`;
  await db().$executeRaw`
    INSERT INTO "Job" (id, "batchId", position, "originalName", "storageKey", bytes, sha256, status, "rowsProcessed", "updatedAt")
    SELECT b.id || '-f', b.id, 0, 'contacts-' || b.id || '.csv', 'uploads/missing/' || b.id, b."totalBytes", repeat('0', 64), 'completed'::"JobStatus", 1000, now()
    FROM "Batch" b WHERE b."userId" = ${userId}`;
  // What autovacuum does soon after a bulk insert: statistics, and the visibility map that index-only scans need.
  await db().$executeRawUnsafe(`VACUUM (ANALYZE) "Batch"`);
  await db().$executeRawUnsafe(`VACUUM (ANALYZE) "Job"`);
}
