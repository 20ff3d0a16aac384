// Personal API tokens against the real database: stored hashed, listed, revoked,
// and turned back into their owner by authenticateApiToken.
import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { authenticateApiToken } from "../authenticate-api-token";
import { createApiToken, MAX_ACTIVE_API_TOKENS } from "../create-api-token";
import { listApiTokens } from "../list-api-tokens";
import { revokeApiToken } from "../revoke-api-token";

async function newUser() {
  return db().user.create({ data: { email: `tokens-${randomUUID()}@example.com` } });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("createApiToken", () => {
  it("returns the token once and stores only its sha256 and a short prefix", async () => {
    const user = await newUser();
    const { token, apiToken } = await createApiToken(user.id, "  CRM sync  ");

    expect(token).toMatch(/^tdg_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: "CRM sync", prefix: token.slice(0, 8), lastUsedAt: null });
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token.slice(8));
    expect(apiToken).not.toHaveProperty("tokenHash");
  });

  it("gives every token a different secret", async () => {
    const user = await newUser();
    const first = await createApiToken(user.id, "one");
    const second = await createApiToken(user.id, "two");
    expect(first.token).not.toBe(second.token);
  });

  it("refuses an empty or overlong name", async () => {
    const user = await newUser();
    await expect(createApiToken(user.id, "   ")).rejects.toThrow(/name/);
    await expect(createApiToken(user.id, "x".repeat(101))).rejects.toThrow(/100 characters/);
    expect(await db().apiToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it(`allows ${MAX_ACTIVE_API_TOKENS} active tokens, and another once one is revoked`, async () => {
    const user = await newUser();
    const created = await Promise.all(Array.from({ length: MAX_ACTIVE_API_TOKENS }, (_, i) => createApiToken(user.id, `token ${i}`)));

    const refused = await rejection(createApiToken(user.id, "one too many"));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toContain("Revoke one");

    await revokeApiToken(user.id, created[0]!.apiToken.id);
    await expect(createApiToken(user.id, "replacement")).resolves.toMatchObject({ apiToken: { name: "replacement" } });
  });
});

describe("listApiTokens and revokeApiToken", () => {
  it("lists active tokens newest first; revoked ones disappear", async () => {
    const user = await newUser();
    const older = await createApiToken(user.id, "older");
    const newer = await createApiToken(user.id, "newer");
    expect((await listApiTokens(user.id)).map((token) => token.name)).toEqual(["newer", "older"]);

    await revokeApiToken(user.id, newer.apiToken.id);
    expect((await listApiTokens(user.id)).map((token) => token.id)).toEqual([older.apiToken.id]);
    const revoked = await db().apiToken.findUniqueOrThrow({ where: { id: newer.apiToken.id } });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    // Revoking again is harmless.
    await expect(revokeApiToken(user.id, newer.apiToken.id)).resolves.toBeUndefined();
  });

  it("answers not found for someone else's token and leaves it working", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const { token, apiToken } = await createApiToken(owner.id, "mine");

    expect((await rejection(revokeApiToken(stranger.id, apiToken.id))).code).toBe("not_found");
    expect((await rejection(revokeApiToken(stranger.id, "no-such-token"))).code).toBe("not_found");
    await expect(authenticateApiToken(`Bearer ${token}`)).resolves.toMatchObject({ id: owner.id });
  });
});

describe("authenticateApiToken", () => {
  it("resolves the owner and records the use at most once a minute", async () => {
    const user = await newUser();
    const { token, apiToken } = await createApiToken(user.id, "ci");
    const lastUsed = async () => (await db().apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt;
    const start = new Date("2030-01-01T12:00:00Z");

    await expect(authenticateApiToken(`Bearer ${token}`, start)).resolves.toEqual({ id: user.id, email: user.email, tokenId: apiToken.id });
    expect(await lastUsed()).toEqual(start);

    await authenticateApiToken(`bearer ${token}`, new Date(start.getTime() + 30_000));
    expect(await lastUsed()).toEqual(start);

    const later = new Date(start.getTime() + 61_000);
    await authenticateApiToken(`Bearer ${token}`, later);
    expect(await lastUsed()).toEqual(later);
  });

  it.each([
    ["no header", null, /no API token/],
    ["an empty header", "  ", /no API token/],
    ["another scheme", "Basic dXNlcjpwYXNz", /not a bearer token/],
    ["a bearer without a token", "Bearer ", /not a bearer token/],
    ["something that is not a Tidings token", "Bearer sk_live_123", /start with `tdg_`/],
    ["a truncated token", `Bearer tdg_${"a".repeat(20)}`, /start with `tdg_`/],
    ["a well-formed token nobody holds", `Bearer tdg_${"a".repeat(43)}`, /not valid/],
  ])("refuses %s with 401", async (_case, header, message) => {
    const error = await rejection(authenticateApiToken(header));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(message);
  });

  it("refuses a revoked token with 401 and says so", async () => {
    const user = await newUser();
    const { token, apiToken } = await createApiToken(user.id, "old laptop");
    await revokeApiToken(user.id, apiToken.id);

    const error = await rejection(authenticateApiToken(`Bearer ${token}`));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/revoked/);
  });

  it("stops working when its owner's account is deleted", async () => {
    const user = await newUser();
    const { token } = await createApiToken(user.id, "gone");
    await db().user.delete({ where: { id: user.id } });
    expect((await rejection(authenticateApiToken(`Bearer ${token}`))).status).toBe(401);
  });
});
