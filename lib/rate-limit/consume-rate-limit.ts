// A fixed-window counter kept in Postgres, so every web process shares one count.
import type { Db } from "../db/client";

export type RateLimitResult = {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
};

/** Counts one hit against `key` and says whether it is within `limit` per `windowSeconds`. */
export async function consumeRateLimit(
  database: Db,
  { key, limit, windowSeconds }: { key: string; limit: number; windowSeconds: number },
): Promise<RateLimitResult> {
  // One statement, so concurrent requests cannot both read "under the limit".
  // Timestamps are stored as UTC without a zone, like every Prisma DateTime.
  const rows = await database.$queryRaw<{ count: number; age_seconds: number }[]>`
    INSERT INTO "RateLimitWindow" ("key", "windowStart", "count")
    VALUES (${key}, now() AT TIME ZONE 'UTC', 1)
    ON CONFLICT ("key") DO UPDATE SET
      "windowStart" = CASE
        WHEN "RateLimitWindow"."windowStart" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSeconds})
        THEN now() AT TIME ZONE 'UTC' ELSE "RateLimitWindow"."windowStart" END,
      "count" = CASE
        WHEN "RateLimitWindow"."windowStart" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${windowSeconds})
        THEN 1 ELSE "RateLimitWindow"."count" + 1 END
    RETURNING "count",
      EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - "windowStart")::float8 AS age_seconds`;
  const row = rows[0];
  if (!row) throw new Error(`rate limit upsert returned no row for ${key}`);
  return {
    allowed: row.count <= limit,
    count: row.count,
    retryAfterSeconds: Math.max(1, Math.ceil(windowSeconds - row.age_seconds)),
  };
}

/** Forgets windows that ended long ago; run by the scheduled cleanup job. */
export async function deleteExpiredRateLimits(database: Db, olderThanSeconds: number): Promise<number> {
  const result = await database.rateLimitWindow.deleteMany({
    where: { windowStart: { lt: new Date(Date.now() - olderThanSeconds * 1000) } },
  });
  return result.count;
}
