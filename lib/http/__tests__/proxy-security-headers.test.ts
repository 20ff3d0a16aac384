// proxy.ts gives every answer it makes or passes on the security headers, with a
// fresh nonce each time (the e2e spec checks the same against the real server).
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const request = (path: string, init: { method?: string; cookie?: string } = {}) =>
  new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? "GET", headers: init.cookie ? { cookie: init.cookie } : {} });

function nonceOf(response: Response): string | undefined {
  return /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
}

describe("proxy security headers", () => {
  it("are on pages passed through, redirects to sign-in, API calls and the invalid-link page", () => {
    for (const [path, status] of [
      ["/sign-in", 200],
      ["/dashboard", 307],
      ["/api/health", 200],
      ["/u/not-a-token", 400],
    ] as const) {
      const response = proxy(request(path));
      expect(response.status, path).toBe(status);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      // APP_URL is http in tests: no HSTS.
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("hands Next.js the policy, so it can put the nonce on its scripts, with a new nonce per request", () => {
    const first = proxy(request("/sign-in"));
    const second = proxy(request("/sign-in"));
    expect(nonceOf(first)).toBeTruthy();
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    // NextResponse.next({ request: { headers } }) passes request headers on as x-middleware-request-*.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(first.headers.get("content-security-policy"));
  });

  it("styles the invalid-link page by the response's own nonce", async () => {
    const response = proxy(request("/u/not-a-token"));
    expect(await response.text()).toContain(`<style nonce="${nonceOf(response)}">`);
  });

  it("lets only our own pages frame an email preview", () => {
    const response = proxy(request("/dev/mailbox/abc/html"));
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(response.headers.get("content-security-policy")).not.toContain("script-src");
  });
});
