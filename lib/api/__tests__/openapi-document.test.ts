// The OpenAPI document: a 3.1 shape, every $ref resolving, and every v1 route
// handler on disk documented with the methods it exports.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { batchOptionsSchema } from "../../batches/batch-options";
import { apiErrorSchema } from "../api-schemas";
import { openApiDocument } from "../openapi-document";

const document = openApiDocument("https://tidings.example.com");
const v1Dir = fileURLToPath(new URL("../../../app/api/v1", import.meta.url));

/** app/api/v1/batches/[id]/route.ts → { path: "/api/v1/batches/{id}", methods: ["get"] } */
async function routeHandlers(): Promise<{ path: string; methods: string[] }[]> {
  const files = (await readdir(v1Dir, { recursive: true })).filter((file) => path.basename(file) === "route.ts");
  return Promise.all(
    files.map(async (file) => {
      const source = await readFile(path.join(v1Dir, file), "utf8");
      const methods = [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]!.toLowerCase());
      const segments = path.dirname(file).split(path.sep).map((segment) => segment.replace(/^\[(\w+)\]$/, "{$1}"));
      return { path: `/api/v1/${segments.join("/")}`, methods };
    }),
  );
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner)));
}

function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), document);
}

describe("openApiDocument", () => {
  it("is an OpenAPI 3.1 document with bearer token auth for this deployment", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBeTruthy();
    expect(document.servers).toEqual([{ url: "https://tidings.example.com" }]);
    expect(document.components.securitySchemes.apiToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ apiToken: [] }]);
    // The document is JSON: nothing in it that JSON.stringify would drop or mangle.
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("documents every v1 route handler with the methods it exports", async () => {
    const handlers = await routeHandlers();
    expect(handlers.length).toBeGreaterThanOrEqual(5);
    for (const handler of handlers) {
      expect(Object.keys(document.paths[handler.path] ?? {}).sort(), handler.path).toEqual([...handler.methods].sort());
    }
    expect(Object.keys(document.paths).sort()).toEqual(handlers.map((handler) => handler.path).sort());
  });

  it("resolves every $ref inside the document", () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) expect(resolve(ref), ref).toBeDefined();
  });

  it("shows an error example in the documented error shape", () => {
    const example = (document.components.schemas.Error as { examples: unknown[] }).examples[0];
    expect(apiErrorSchema.safeParse(example).success).toBe(true);
  });

  it("gives every operation an id, a curl example and the errors it can answer", () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
    for (const operation of operations) {
      expect(operation["x-codeSamples"][0]?.source, operation.operationId).toMatch(/^curl /);
      const statuses = Object.keys(operation.responses);
      if (operation.security?.length === 0) continue;
      expect(statuses, operation.operationId).toEqual(expect.arrayContaining(["401", "429"]));
      expect(operation["x-codeSamples"][0]?.source).toContain("Authorization: Bearer");
    }
    const operation = (method: "get" | "post", at: string) => document.paths[at]?.[method];
    expect(Object.keys(operation("post", "/api/v1/batches")?.responses ?? {})).toEqual(["202", "400", "401", "413", "415", "422", "429"]);
    expect(Object.keys(operation("get", "/api/v1/batches/{id}")?.responses ?? {})).toContain("404");
    expect(Object.keys(operation("post", "/api/v1/batches/{id}/retry")?.responses ?? {})).toContain("409");
    expect(operation("get", "/api/v1/openapi.json")?.security).toEqual([]);
  });

  it("describes the upload's options part with the schema uploads are validated with", () => {
    const expected = z.toJSONSchema(batchOptionsSchema, { io: "input" });
    const documented = document.components.schemas.BatchOptions as { properties: Record<string, unknown> };
    expect(Object.keys(documented.properties)).toEqual(Object.keys(expected.properties ?? {}));
    // The example shown to people is one the API accepts.
    expect(batchOptionsSchema.safeParse((document.components.schemas.BatchOptions as { examples: unknown[] }).examples[0]).success).toBe(true);
    const body = document.paths["/api/v1/batches"]?.post?.requestBody?.content["multipart/form-data"];
    expect(body?.encoding).toEqual({ options: { contentType: "application/json" } });
  });

  it("describes the list query from the schema the handler parses with", () => {
    const parameters = document.paths["/api/v1/batches"]?.get?.parameters ?? [];
    expect(parameters.map((parameter) => [parameter.name, parameter.in, parameter.required])).toEqual([
      ["status", "query", false],
      ["limit", "query", false],
      ["cursor", "query", false],
    ]);
    expect(parameters.find((parameter) => parameter.name === "limit")?.schema).toMatchObject({ default: 50, minimum: 1, maximum: 200 });
  });
});
