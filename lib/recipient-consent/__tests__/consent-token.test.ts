// The signed link of a consent request: it names one owner and one address, cannot be
// altered or forged, is not an unsubscribe token (nor the other way round), and still
// works after AUTH_SECRET is rotated while the old secret is listed.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createUnsubscribeToken, verifyUnsubscribeToken } from "../../unsubscribe/unsubscribe-token";
import { consentActionUrl, consentPageUrl, createConsentToken, verifyConsentToken } from "../consent-token";

const SECRET = "current-secret-0123456789abcdefghijklmnop";
const OLD_SECRET = "previous-secret-0123456789abcdefghijklmno";
const keys = { current: SECRET };
const NOW = new Date("2030-06-01T12:00:00Z");
const subject = { email: "Dana@Acme-Mail.com", ownerUserId: "clx0owner0000000000000001" };

const decode = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
const encode = (payload: Record<string, unknown>) => Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");

describe("consent tokens", () => {
  it("round-trips the owner and the lower-cased address", () => {
    const token = createConsentToken(subject, keys, NOW);
    expect(verifyConsentToken(token, keys)).toEqual({ ok: true, email: "dana@acme-mail.com", ownerUserId: subject.ownerUserId, issuedAt: NOW });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it("refuses a token whose address or owner was changed, even keeping the signature", () => {
    const token = createConsentToken(subject, keys, NOW);
    const signature = token.split(".")[1]!;
    for (const change of [{ e: "someone-else@acme-mail.com" }, { o: "clx0attacker000000000000001" }]) {
      expect(verifyConsentToken(`${encode({ ...decode(token), ...change })}.${signature}`, keys)).toEqual({ ok: false, reason: "bad_signature" });
    }
  });

  it("refuses tokens signed with another secret, truncated or empty", () => {
    const token = createConsentToken(subject, keys, NOW);
    expect(verifyConsentToken(token, { current: "someone-elses-secret-0123456789abcdefghij" })).toMatchObject({ ok: false, reason: "unknown_key" });
    expect(verifyConsentToken(token.slice(0, -3), keys)).toMatchObject({ ok: false });
    expect(verifyConsentToken(token.split(".")[0], keys)).toEqual({ ok: false, reason: "malformed" });
    for (const junk of ["", "a.b", 42, null, "x".repeat(5000)]) expect(verifyConsentToken(junk, keys)).toMatchObject({ ok: false });
  });

  it("refuses a forged signature made with the raw secret instead of the derived key", () => {
    const payload = encode({ ...decode(createConsentToken(subject, keys, NOW)) });
    const forged = createHmac("sha256", SECRET).update(payload).digest("base64url");
    expect(verifyConsentToken(`${payload}.${forged}`, keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("is not an unsubscribe token, and an unsubscribe token is not a consent token", () => {
    const consent = createConsentToken(subject, keys, NOW);
    const unsubscribe = createUnsubscribeToken({ email: subject.email, category: "all", ownerUserId: subject.ownerUserId }, keys, NOW);
    expect(verifyUnsubscribeToken(consent, keys)).toMatchObject({ ok: false });
    expect(verifyConsentToken(unsubscribe, keys)).toMatchObject({ ok: false });
  });

  it("still verifies after a rotation while the old secret is listed, and not after it is dropped", () => {
    const old = createConsentToken(subject, { current: OLD_SECRET }, NOW);
    expect(verifyConsentToken(old, { current: SECRET, previous: [OLD_SECRET] })).toMatchObject({ ok: true, email: "dana@acme-mail.com" });
    expect(verifyConsentToken(old, { current: SECRET })).toMatchObject({ ok: false, reason: "unknown_key" });
  });

  it("builds the page and action addresses, refusing anything that is not a token", () => {
    const token = createConsentToken(subject, keys, NOW);
    expect(consentPageUrl(token, "https://tidings.acme-mail.com/")).toBe(`https://tidings.acme-mail.com/r/${token}`);
    expect(consentActionUrl(token, "https://tidings.acme-mail.com")).toBe(`https://tidings.acme-mail.com/api/recipient-consent/${token}`);
    expect(() => consentPageUrl("../admin", "https://tidings.acme-mail.com")).toThrow();
  });
});
