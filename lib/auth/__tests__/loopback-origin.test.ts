// A development Tidings keeps people on APP_URL's origin: its loopback aliases
// redirect there; production, other hosts and other ports are left alone.
import { describe, expect, it } from "vitest";
import { loopbackAliasRedirect, type LoopbackVisit } from "../loopback-origin";

const visit = (overrides: Partial<LoopbackVisit>): LoopbackVisit => ({
  host: "127.0.0.1:3000",
  protocol: "http:",
  pathAndQuery: "/sign-in?callbackUrl=%2Fsettings",
  appUrl: "http://localhost:3000",
  production: false,
  ...overrides,
});

describe("loopbackAliasRedirect", () => {
  it("sends 127.0.0.1 and [::1] on APP_URL's port to APP_URL, keeping path and query", () => {
    expect(loopbackAliasRedirect(visit({}))).toBe("http://localhost:3000/sign-in?callbackUrl=%2Fsettings");
    expect(loopbackAliasRedirect(visit({ host: "[::1]:3000", pathAndQuery: "/dashboard" }))).toBe("http://localhost:3000/dashboard");
  });

  it("sends localhost to a 127.0.0.1 APP_URL", () => {
    expect(loopbackAliasRedirect(visit({ host: "localhost:3000", appUrl: "http://127.0.0.1:3000", pathAndQuery: "/" }))).toBe("http://127.0.0.1:3000/");
  });

  it("leaves visits on APP_URL's own host alone", () => {
    expect(loopbackAliasRedirect(visit({ host: "localhost:3000" }))).toBeNull();
  });

  it("leaves other ports, other hosts and missing hosts alone", () => {
    expect(loopbackAliasRedirect(visit({ host: "127.0.0.1:3001" }))).toBeNull();
    expect(loopbackAliasRedirect(visit({ host: "127.0.0.1" }))).toBeNull();
    expect(loopbackAliasRedirect(visit({ host: "192.168.1.20:3000" }))).toBeNull();
    expect(loopbackAliasRedirect(visit({ host: null }))).toBeNull();
    expect(loopbackAliasRedirect(visit({ host: "bad host" }))).toBeNull();
  });

  it("does nothing when APP_URL is not a loopback address", () => {
    expect(loopbackAliasRedirect(visit({ appUrl: "https://tidings.acme-mail.com" }))).toBeNull();
  });

  it("does nothing in production, where the Host header is never trusted to build an address", () => {
    expect(loopbackAliasRedirect(visit({ production: true }))).toBeNull();
  });
});
