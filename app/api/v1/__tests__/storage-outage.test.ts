// While the S3 endpoint is away — here it answers every request 503 SlowDown, as a
// throttling or failing S3 does — uploads and result downloads say "temporarily
// unavailable" (503 service_unavailable with Retry-After), like a database outage,
// rather than 500 as if Tidings had a bug.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as createBatch } from "../batches/route";
import { GET as downloadResult } from "../batches/[id]/files/[fileId]/[kind]/route";
import { apiRequest, csvUpload, errorBody, newApiUser, routeContext } from "./support/api-fixtures";

let person: Awaited<ReturnType<typeof newApiUser>>;
let slowDown: Server;

beforeAll(async () => {
  slowDown = createServer((request, response) => {
    request.resume();
    response.writeHead(503, { "content-type": "application/xml" });
    response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
  });
  await new Promise<void>((resolve) => slowDown.listen(0, "127.0.0.1", resolve));
  // Before anything reads lib/env.ts: a bucket whose endpoint throttles everything.
  Object.assign(process.env, {
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: `http://127.0.0.1:${(slowDown.address() as AddressInfo).port}`,
    S3_BUCKET: "tidings",
    S3_FORCE_PATH_STYLE: "true",
    S3_ACCESS_KEY_ID: "AKIAOUTAGETEST000000",
    S3_SECRET_ACCESS_KEY: "outage-test-secret-0000000000000000000000",
  });
  person = await newApiUser();
});
afterAll(async () => {
  await new Promise((resolve) => slowDown.close(resolve));
  for (const name of ["STORAGE_DRIVER", "S3_ENDPOINT", "S3_BUCKET", "S3_FORCE_PATH_STYLE", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) delete process.env[name];
});

function expectServiceUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
}

it("answers an upload with 503 while the bucket throttles", { timeout: 60_000 }, async () => {
  const form = await csvUpload({ "a.csv": "email\nann@acme-mail.com\n" });
  const response = await createBatch(apiRequest("/api/v1/batches", { token: person.token, method: "POST", ...form }));
  expectServiceUnavailable(response);
  expect((await errorBody(response)).code).toBe("service_unavailable");
  expect(await db().batch.count({ where: { userId: person.user.id } })).toBe(0);
});

it("answers a result download with 503 while the bucket throttles", { timeout: 60_000 }, async () => {
  const batch = await db().batch.create({
    data: { userId: person.user.id, source: "api", fileCount: 1, totalBytes: 1n, expiresAt: new Date(Date.now() + 86_400_000), status: "completed" },
  });
  const file = await db().batchFile.create({
    data: { batchId: batch.id, position: 0, originalName: "a.csv", storageKey: `uploads/${randomUUID()}/0`, bytes: 1n, sha256: "0".repeat(64), status: "completed", cleanedKey: `results/${batch.id}/x/cleaned` },
  });
  const response = await downloadResult(
    apiRequest(`/api/v1/batches/${batch.id}/files/${file.id}/cleaned`, { token: person.token }),
    routeContext({ id: batch.id, fileId: file.id, kind: "cleaned" }),
  );
  expectServiceUnavailable(response);
  expect((await errorBody(response)).code).toBe("service_unavailable");
});
