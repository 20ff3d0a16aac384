// One person's REST API budget, shared by all their tokens (a second token buys no
// extra requests) and by every web process (the counter lives in Postgres).
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";

const WINDOW_SECONDS = 60;

export async function enforceApiRateLimit(userId: string, limit = env().API_RATE_LIMIT_PER_MINUTE): Promise<void> {
  const result = await consumeRateLimit(db(), { key: `api:user:${userId}`, limit, windowSeconds: WINDOW_SECONDS });
  if (!result.allowed) {
    throw new AppError("rate_limited", `Too many API requests: at most ${limit} a minute. Try again in ${result.retryAfterSeconds} s.`, {
      limit,
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}
