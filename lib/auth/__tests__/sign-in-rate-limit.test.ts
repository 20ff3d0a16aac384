import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "../../env";
import { AppError } from "../../errors";
import { enforceSignInRateLimit } from "../sign-in-rate-limit";

function fromIp(ip: string): Headers {
  return new Headers({ "x-forwarded-for": ip });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("enforceSignInRateLimit", () => {
  it("allows a few links per address, then says to check the inbox", async () => {
    const email = `limit-${randomUUID()}@example.com`;
    for (let i = 0; i < env().SIGN_IN_LIMIT_PER_EMAIL; i += 1) {
      await enforceSignInRateLimit({ email, headers: fromIp(`198.51.100.${i}`) });
    }
    const error = await rejection(enforceSignInRateLimit({ email, headers: fromIp("198.51.100.200") }));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/^We already sent several sign-in links to this address/);
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("limits one IP across many addresses", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let i = 0; i < env().SIGN_IN_LIMIT_PER_IP; i += 1) {
      await enforceSignInRateLimit({ email: `ip-${randomUUID()}@example.com`, headers: fromIp(ip) });
    }
    const error = await rejection(enforceSignInRateLimit({ email: `ip-${randomUUID()}@example.com`, headers: fromIp(ip) }));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/^Too many sign-in requests from your network/);
  });
});
