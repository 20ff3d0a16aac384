// The per-person API budget, and its 429 with Retry-After.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { errorResponse } from "../../http/error-response";
import { enforceApiRateLimit } from "../enforce-api-rate-limit";

describe("enforceApiRateLimit", () => {
  it("allows the limit, then refuses with 429 and a Retry-After header; others are unaffected", async () => {
    const userId = randomUUID();
    await enforceApiRateLimit(userId, 2);
    await enforceApiRateLimit(userId, 2);

    const refused = await enforceApiRateLimit(userId, 2).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    const response = errorResponse(refused);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("rate_limited");

    await expect(enforceApiRateLimit(randomUUID(), 2)).resolves.toBeUndefined();
  });
});
