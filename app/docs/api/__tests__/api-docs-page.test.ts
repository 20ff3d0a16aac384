// The public API page is rendered from the OpenAPI document: every endpoint, its
// curl example, the auth scheme and the error shape appear on it.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi-document";
import { env } from "@/lib/env";
import ApiDocsPage from "../page";

const html = renderToStaticMarkup(createElement(ApiDocsPage));
const text = html.replace(/<[^>]+>/g, "").replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&#x27;", "'");

describe("/docs/api", () => {
  const spec = openApiDocument(env().APP_URL);
  const operations = Object.entries(spec.paths).flatMap(([path, item]) => Object.values(item).map((operation) => ({ path, operation })));

  it("shows every endpoint with an anchor, its summary and its curl example", () => {
    expect(operations.length).toBeGreaterThanOrEqual(6);
    for (const { path, operation } of operations) {
      expect(html).toContain(`id="${operation.operationId}"`);
      expect(text).toContain(path);
      expect(text).toContain(operation.summary);
      expect(text).toContain(operation["x-codeSamples"][0]!.source);
    }
  });

  it("explains authentication, the error shape and links the machine-readable document", () => {
    expect(text).toContain("Authorization: Bearer");
    expect(text).toContain('"code": "validation_failed"');
    for (const status of ["401", "404", "409", "413", "415", "422", "429"]) expect(text).toContain(status);
    expect(html).toContain('href="/api/v1/openapi.json"');
  });

  it("documents the schemas, including the upload options with their defaults", () => {
    for (const name of Object.keys(spec.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    expect(text).toContain("notifications.email.on");
    expect(text).toContain('default ["SUCCESS","FAILURE"]');
  });
});
