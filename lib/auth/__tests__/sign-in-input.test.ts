import { describe, expect, it } from "vitest";
import { isDownloadDestination, normalizeSignInEmail, safeCallbackPath } from "../sign-in-input";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackPath("/settings")).toBe("/settings");
    expect(safeCallbackPath("/settings?tab=account#tokens")).toBe("/settings?tab=account#tokens");
  });

  it.each([
    ["protocol-relative", "//evil.example/x"],
    ["backslash", "/\\evil.example"],
    ["tab the browser drops", "/\t/evil.example"],
    ["newline", "/\n/evil.example"],
    ["absolute", "https://evil.example/"],
    ["scheme", "javascript:alert(1)"],
    ["relative", "dashboard"],
    ["empty", ""],
  ])("sends a %s destination to the dashboard", (_kind, value) => {
    expect(safeCallbackPath(value)).toBe("/dashboard");
  });
});

describe("isDownloadDestination", () => {
  it("recognises the result CSVs and the account export", () => {
    expect(isDownloadDestination("/api/batches/cmb1/files/cmf2/cleaned")).toBe(true);
    expect(isDownloadDestination("/api/batches/cmb1/files/cmf2/report?from=email")).toBe(true);
    expect(isDownloadDestination("/api/account/export")).toBe(true);
  });

  it("leaves pages and JSON endpoints out", () => {
    for (const path of ["/dashboard", "/batches/cmb1", "/api/batches", "/api/batches/cmb1/files/cmf2/cleaned/more", "/api/account/exported"]) {
      expect(isDownloadDestination(path), path).toBe(false);
    }
  });
});

describe("normalizeSignInEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeSignInEmail("  Alex@Example.COM ")).toBe("alex@example.com");
  });

  it.each(["victim@example.com,x", "ｖictim@example.com", "two@@example.com", "no-at-sign"])("refuses %s", (value) => {
    expect(() => normalizeSignInEmail(value)).toThrow();
  });
});
