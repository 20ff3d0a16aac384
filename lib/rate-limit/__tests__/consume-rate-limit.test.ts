import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { consumeRateLimit } from "../consume-rate-limit";

describe("consumeRateLimit", () => {
  it("allows up to the limit in a window, then refuses with the time left", async () => {
    const key = `test:${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await consumeRateLimit(db(), { key, limit: 3, windowSeconds: 600 }));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(590);
    expect(results[3]?.retryAfterSeconds).toBeLessThanOrEqual(600);
  });

  it("counts concurrent hits exactly once each", async () => {
    const key = `test:${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumeRateLimit(db(), { key, limit: 5, windowSeconds: 600 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("starts a new window once the old one has passed", async () => {
    const key = `test:${randomUUID()}`;
    await consumeRateLimit(db(), { key, limit: 1, windowSeconds: 600 });
    expect((await consumeRateLimit(db(), { key, limit: 1, windowSeconds: 600 })).allowed).toBe(false);
    await db().rateLimitWindow.update({ where: { key }, data: { windowStart: new Date(Date.now() - 601_000) } });
    const fresh = await consumeRateLimit(db(), { key, limit: 1, windowSeconds: 600 });
    expect(fresh).toMatchObject({ allowed: true, count: 1 });
  });
});
