import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { pageContentSecurityPolicy, securityHeaders, STATIC_SECURITY_HEADERS } from "../security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((part) => [part.split(" ")[0], part.split(" ").slice(1)]));

describe("pageContentSecurityPolicy", () => {
  const production = directives(pageContentSecurityPolicy({ nonce: "abc", https: true, development: false }));

  it("runs scripts by nonce only, never inline or eval", () => {
    expect(production.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(production.get("style-src")).not.toContain("'unsafe-inline'");
    expect(production.get("default-src")).toEqual(["'none'"]);
  });

  it("refuses framing, plugins, foreign form targets and base changes", () => {
    expect(production.get("frame-ancestors")).toEqual(["'none'"]);
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("form-action")).toEqual(["'self'"]);
    expect(production.get("base-uri")).toEqual(["'none'"]);
    expect(production.has("upgrade-insecure-requests")).toBe(true);
  });

  it("loosens only what `next dev` needs, and upgrades nothing over plain http", () => {
    const development = directives(pageContentSecurityPolicy({ nonce: "abc", https: false, development: true }));
    expect(development.get("script-src")).toContain("'unsafe-eval'");
    expect(development.has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only when APP_URL is https", () => {
    expect(securityHeaders({ nonce: "n", https: true, development: false, frame: "deny" })["strict-transport-security"]).toMatch(/^max-age=63072000/);
    expect(securityHeaders({ nonce: "n", https: false, development: false, frame: "deny" })).not.toHaveProperty("strict-transport-security");
  });

  it("lets only our own pages frame an email preview, and the email run no script", () => {
    const headers = securityHeaders({ nonce: "n", https: false, development: false, frame: "same-origin" });
    expect(headers["x-frame-options"]).toBe("SAMEORIGIN");
    const policy = directives(headers["content-security-policy"] ?? "");
    expect(policy.get("frame-ancestors")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.has("script-src")).toBe(false);
    expect(policy.get("sandbox")).toBeDefined();
  });

  it("gives static assets (next.config.js) the same request-independent headers as the proxy", async () => {
    // Loaded by path: next.config.js is plain JavaScript outside the type-checked tree.
    const { default: nextConfig } = (await import(pathToFileURL(path.resolve("next.config.js")).href)) as { default: NextConfig };
    const rules = (await nextConfig.headers?.()) ?? [];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(Object.fromEntries(rule.headers.map(({ key, value }) => [key, value]))).toEqual(STATIC_SECURITY_HEADERS);
  });
});
