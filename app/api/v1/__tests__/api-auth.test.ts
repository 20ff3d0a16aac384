// Token auth of the v1 routes, called as plain functions: no session, no cookies,
// no Next request context. Every refusal is a 401 in the one error shape.
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { db } from "@/lib/db/client";
import { GET as getOpenApi } from "../openapi.json/route";
import { GET as getBatch } from "../batches/[id]/route";
import { GET as listBatches, POST as createBatch } from "../batches/route";
import { apiRequest, csvUpload, errorBody, newApiUser, routeContext } from "./support/api-fixtures";

async function expectUnauthorized(response: Response, message: RegExp) {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  const error = await errorBody(response);
  expect(error.code).toBe("unauthorized");
  expect(error.message).toMatch(message);
}

describe("v1 token authentication", () => {
  it("answers 401 without an Authorization header", async () => {
    await expectUnauthorized(await listBatches(apiRequest("/api/v1/batches")), /no API token/);
  });

  it("answers 401 for a header that is not a Tidings bearer token", async () => {
    await expectUnauthorized(await listBatches(apiRequest("/api/v1/batches", { headers: { authorization: "Basic dXNlcjpwYXNz" } })), /bearer/);
    await expectUnauthorized(await listBatches(apiRequest("/api/v1/batches", { token: "sk_live_abc" })), /tdg_/);
  });

  it("answers 401 for a well-formed token nobody holds", async () => {
    await expectUnauthorized(await listBatches(apiRequest("/api/v1/batches", { token: `tdg_${"x".repeat(43)}` })), /not valid/);
  });

  it("answers 401 for a revoked token, on every route", async () => {
    const { user } = await newApiUser();
    const { token, apiToken } = await createApiToken(user.id, "revoked soon");
    await revokeApiToken(user.id, apiToken.id);

    await expectUnauthorized(await listBatches(apiRequest("/api/v1/batches", { token })), /revoked/);
    await expectUnauthorized(await getBatch(apiRequest("/api/v1/batches/x", { token }), routeContext({ id: "x" })), /revoked/);
  });

  it("refuses an upload without a token before storing anything", async () => {
    const { user } = await newApiUser();
    const response = await createBatch(apiRequest("/api/v1/batches", { method: "POST", ...(await csvUpload({ "a.csv": "email\na@example.com\n" })) }));
    await expectUnauthorized(response, /no API token/);
    expect(await db().batch.count({ where: { userId: user.id } })).toBe(0);
  });

  it("does not accept a session cookie in place of a token", async () => {
    const response = await listBatches(apiRequest("/api/v1/batches", { headers: { cookie: "authjs.session-token=whatever" } }));
    expect(response.status).toBe(401);
  });

  it("lets a valid token through, and answers no-store", async () => {
    const { token } = await newApiUser();
    const response = await listBatches(apiRequest("/api/v1/batches", { token }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("serves the OpenAPI document without a token", async () => {
    const response = await getOpenApi();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ openapi: "3.1.0" });
  });
});
