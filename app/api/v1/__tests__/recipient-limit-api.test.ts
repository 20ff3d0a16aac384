// POST /api/v1/batches with an extra recipient beyond the account's daily cap of new
// addresses: 429 recipient_limit_reached with Retry-After and a message a person can
// act on; the files are not kept and no batch is created.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { stopWebBoss, webBoss } from "@/lib/queue/boss";
import { POST as createBatch } from "../batches/route";
import { apiRequest, csvUpload, errorBody, newApiUser } from "./support/api-fixtures";

beforeAll(async () => {
  await webBoss();
});
afterAll(async () => {
  await stopWebBoss();
});

const uploadFor = async (token: string, recipient: string) => {
  const form = await csvUpload({ "a.csv": "email\nann@acme-mail.com\n" }, { options: JSON.stringify({ context: { email: recipient } }) });
  return createBatch(apiRequest("/api/v1/batches", { token, method: "POST", ...form }));
};

describe("POST /api/v1/batches with extra recipients", () => {
  it("answers 429 recipient_limit_reached with Retry-After past the daily cap of new addresses", async () => {
    const { user, token } = await newApiUser();
    const cap = env().EXTRA_RECIPIENT_NEW_PER_DAY;
    for (let i = 0; i < cap; i += 1) expect((await uploadFor(token, `colleague-${randomUUID()}@acme-mail.com`)).status).toBe(202);

    const response = await uploadFor(token, `one-too-many-${randomUUID()}@acme-mail.com`);

    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    const error = await errorBody(response);
    expect(error.code).toBe("recipient_limit_reached");
    expect(error.message).toMatch(new RegExp(`at most ${cap} new extra recipients a day`));
    expect(await db().batch.count({ where: { userId: user.id } })).toBe(cap);
  });
});
