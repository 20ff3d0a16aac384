// Helpers for calling the v1 route handlers as plain functions: a person with a
// token, requests that carry it, and Next's route context.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { apiErrorSchema } from "@/lib/api/api-schemas";
import { db } from "@/lib/db/client";

export const BASE_URL = "http://localhost:3000";

export async function newApiUser() {
  const user = await db().user.create({ data: { email: `api-${randomUUID()}@example.com` } });
  const { token } = await createApiToken(user.id, "tests");
  return { user, token };
}

type RequestOptions = { token?: string | null; method?: string; body?: BodyInit; headers?: Record<string, string> };

export function apiRequest(path: string, { token, method = "GET", body, headers = {} }: RequestOptions = {}): Request {
  const allHeaders = new Headers(headers);
  if (token) allHeaders.set("authorization", `Bearer ${token}`);
  return new Request(`${BASE_URL}${path}`, { method, body, headers: allHeaders });
}

/** Next's second argument to a handler of a dynamic route. */
export function routeContext(params: Record<string, string>) {
  return { params: Promise.resolve(params) };
}

/** The error body, checked against the documented shape. */
export async function errorBody(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/json");
  return apiErrorSchema.parse(await response.json()).error;
}

/**
 * A multipart body of CSV files and fields, as bytes. Bytes rather than FormData:
 * undici's FormData stream throws if the reader stops early, as the upload parser
 * does on purpose when a limit is hit.
 */
export async function csvUpload(files: Record<string, string>, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, content] of Object.entries(files)) form.append("files", new Blob([content], { type: "text/csv" }), name);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const encoded = new Response(form);
  return {
    body: new Uint8Array(await encoded.arrayBuffer()),
    headers: { "content-type": encoded.headers.get("content-type") ?? "" },
  };
}
