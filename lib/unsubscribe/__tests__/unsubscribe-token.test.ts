import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../env";
import { unsubscribeHeaders, unsubscribeUrl } from "../unsubscribe-headers";
import {
  createUnsubscribeToken,
  unsubscribeCategorySchema,
  UnsubscribeTokenError,
  verifyUnsubscribeToken,
  type UnsubscribeCategory,
} from "../unsubscribe-token";

const SECRET = "current-secret-0123456789abcdefghijklmnop";
const OLD_SECRET = "previous-secret-0123456789abcdefghijklmno";
const OTHER_SECRET = "someone-elses-secret-0123456789abcdefghij";
const keys = { current: SECRET };
const NOW = new Date("2025-06-01T12:00:00Z");

function tokenFor(category: UnsubscribeCategory = "batch_succeeded", email = "alex@example.com") {
  return createUnsubscribeToken({ email, category, ownerUserId: "clx0owner0000000000000001" }, keys, NOW);
}

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"));
}

/** Same signature, different payload: what an attacker would try. */
function withPayload(token: string, change: (payload: Record<string, unknown>) => void): string {
  const payload = decodePayload(token);
  change(payload);
  return `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${token.split(".")[1]}`;
}

function flipChar(text: string, index: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const current = text[index]!;
  const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length]!;
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("unsubscribe tokens", () => {
  it("round-trips recipient, category, owner and issue time", () => {
    const token = tokenFor("batch_failed");
    expect(verifyUnsubscribeToken(token, keys)).toEqual({
      ok: true,
      email: "alex@example.com",
      category: "batch_failed",
      ownerUserId: "clx0owner0000000000000001",
      issuedAt: NOW,
    });
  });

  it("works without an owner and for every category, including the global 'all'", () => {
    for (const category of unsubscribeCategorySchema.options) {
      const token = createUnsubscribeToken({ email: "sam@example.org", category }, keys, NOW);
      const result = verifyUnsubscribeToken(token, keys);
      expect(result).toEqual({ ok: true, email: "sam@example.org", category, issuedAt: NOW });
    }
  });

  it("is URL-safe, short and has the documented shape", () => {
    const token = tokenFor("results_expiring");
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(200);
    expect(decodePayload(token)).toEqual({
      v: 1,
      k: expect.stringMatching(/^[0-9a-f]{8}$/),
      e: "alex@example.com",
      c: "results_expiring",
      o: "clx0owner0000000000000001",
      t: Math.floor(NOW.getTime() / 1000),
    });
  });

  it("normalises the address's case and surrounding spaces", () => {
    const token = createUnsubscribeToken({ email: "  Alex@Example.COM ", category: "digest" }, keys, NOW);
    expect(decodePayload(token).e).toBe("alex@example.com");
    expect(verifyUnsubscribeToken(token, keys)).toMatchObject({ ok: true, email: "alex@example.com" });
  });

  it("refuses the transactional account category and bad input at creation", () => {
    expect(() => createUnsubscribeToken({ email: "a@b.c", category: "account" as UnsubscribeCategory }, keys)).toThrow(
      /transactional/,
    );
    expect(() => createUnsubscribeToken({ email: "a@b.c", category: "marketing" as UnsubscribeCategory }, keys)).toThrow(
      UnsubscribeTokenError,
    );
    expect(() => createUnsubscribeToken({ email: "not an address", category: "digest" }, keys)).toThrow(UnsubscribeTokenError);
    expect(() => createUnsubscribeToken({ email: "a@b.c", category: "digest" }, { current: "short" })).toThrow(/32 characters/);
    expect(unsubscribeCategorySchema.safeParse("account").success).toBe(false);
  });

  it("rejects a changed payload with the original signature", () => {
    const token = tokenFor();
    const otherAddress = withPayload(token, (p) => (p.e = "mallory@example.com"));
    expect(verifyUnsubscribeToken(otherAddress, keys)).toEqual({ ok: false, reason: "bad_signature" });
    const otherOwner = withPayload(token, (p) => (p.o = "clx0victim000000000000001"));
    expect(verifyUnsubscribeToken(otherOwner, keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("cannot be reinterpreted as another category", () => {
    const token = tokenFor("batch_succeeded");
    for (const category of ["all", "batch_failed", "account"]) {
      expect(verifyUnsubscribeToken(withPayload(token, (p) => (p.c = category)), keys)).toEqual({
        ok: false,
        reason: "bad_signature",
      });
    }
    // Nor can one token's signature be spliced onto another's payload.
    const all = tokenFor("all");
    const spliced = `${all.split(".")[0]}.${token.split(".")[1]}`;
    expect(verifyUnsubscribeToken(spliced, keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a flipped character in the payload as a bad signature", () => {
    const token = tokenFor();
    const [payload, signature] = token.split(".") as [string, string];
    // A character inside the address: the JSON stays valid, so only the signature can catch it.
    const index = payload.length - 40;
    const tampered = `${flipChar(payload, index)}.${signature}`;
    expect(verifyUnsubscribeToken(tampered, keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("never accepts a token with any single character changed, and never throws", () => {
    const token = tokenFor();
    for (let index = 0; index < token.length; index++) {
      if (token[index] === ".") continue;
      const result = verifyUnsubscribeToken(flipChar(token, index), keys);
      expect(result.ok, `position ${index}`).toBe(false);
    }
  });

  it("rejects a tampered signature, including non-canonical base64url in its last character", () => {
    const token = tokenFor();
    const [payload, signature] = token.split(".") as [string, string];
    expect(verifyUnsubscribeToken(`${payload}.${flipChar(signature, 0)}`, keys)).toEqual({ ok: false, reason: "bad_signature" });
    // The 43rd character carries two unused bits: changing only those must not verify.
    const last = signature.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(verifyUnsubscribeToken(`${payload}.${signature.slice(0, -1)}${sibling}`, keys).ok).toBe(false);
  });

  it("rejects truncated tokens", () => {
    const token = tokenFor();
    for (const cut of [1, 10, 44, 45, token.length - 10]) {
      expect(verifyUnsubscribeToken(token.slice(0, token.length - cut), keys)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(verifyUnsubscribeToken(token.slice(10), keys).ok).toBe(false);
  });

  it("answers malformed for garbage, empty and huge input without throwing", () => {
    const inputs: unknown[] = [
      "",
      ".",
      "..",
      "abc",
      "abc.def",
      "a.b.c",
      "%%%.###",
      `${Buffer.from("not json").toString("base64url")}.${"A".repeat(43)}`,
      `${Buffer.from("null").toString("base64url")}.${"A".repeat(43)}`,
      `${Buffer.from('{"k":12}').toString("base64url")}.${"A".repeat(43)}`,
      `${Buffer.from("[]").toString("base64url")}.${"A".repeat(43)}`,
      "x".repeat(1_000_000),
      `${"A".repeat(500_000)}.${"A".repeat(43)}`,
      tokenFor() + ".",
      tokenFor() + "=",
      undefined,
      null,
      42,
      { token: "x" },
    ];
    for (const input of inputs) {
      expect(() => verifyUnsubscribeToken(input, keys)).not.toThrow();
      expect(verifyUnsubscribeToken(input, keys)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("keeps verifying tokens of a rotated-out secret while it is listed as previous", () => {
    const old = createUnsubscribeToken({ email: "alex@example.com", category: "digest" }, { current: OLD_SECRET }, NOW);
    expect(verifyUnsubscribeToken(old, { current: SECRET, previous: [OLD_SECRET] })).toMatchObject({ ok: true, category: "digest" });
    expect(verifyUnsubscribeToken(old, { current: SECRET })).toEqual({ ok: false, reason: "unknown_key" });
    expect(verifyUnsubscribeToken(old, { current: SECRET, previous: [] })).toEqual({ ok: false, reason: "unknown_key" });
    // New tokens are signed with the current secret, not the old one.
    const fresh = createUnsubscribeToken({ email: "alex@example.com", category: "digest" }, { current: SECRET, previous: [OLD_SECRET] }, NOW);
    expect(verifyUnsubscribeToken(fresh, { current: SECRET })).toMatchObject({ ok: true });
    expect(verifyUnsubscribeToken(fresh, { current: OLD_SECRET }).ok).toBe(false);
  });

  it("rejects tokens of another AUTH_SECRET", () => {
    const foreign = createUnsubscribeToken({ email: "alex@example.com", category: "all" }, { current: OTHER_SECRET }, NOW);
    expect(verifyUnsubscribeToken(foreign, keys)).toEqual({ ok: false, reason: "unknown_key" });
    // Even claiming our key id does not help without our key.
    const ourKeyId = decodePayload(tokenFor()).k;
    const claimed = withPayload(foreign, (p) => (p.k = ourKeyId));
    expect(verifyUnsubscribeToken(claimed, keys)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("does not sign with the raw AUTH_SECRET (the key is derived)", () => {
    const token = tokenFor();
    const payload = token.split(".")[0]!;
    const withRawSecret = createHmac("sha256", SECRET).update(payload).digest("base64url");
    expect(token.split(".")[1]).not.toBe(withRawSecret);
    expect(verifyUnsubscribeToken(`${payload}.${withRawSecret}`, keys)).toEqual({ ok: false, reason: "bad_signature" });
  });
});

describe("AUTH_SECRET_PREVIOUS setting", () => {
  const secretFile = () => "x".repeat(40);

  it("is optional and reads a comma-separated list", () => {
    expect(parseEnv({}, secretFile).AUTH_SECRET_PREVIOUS).toBeUndefined();
    expect(parseEnv({ AUTH_SECRET_PREVIOUS: "" }, secretFile).AUTH_SECRET_PREVIOUS).toBeUndefined();
    expect(parseEnv({ AUTH_SECRET_PREVIOUS: ` ${OLD_SECRET} , ${OTHER_SECRET}` }, secretFile).AUTH_SECRET_PREVIOUS).toEqual([
      OLD_SECRET,
      OTHER_SECRET,
    ]);
  });

  it("rejects a short secret in the list without echoing it", () => {
    try {
      parseEnv({ AUTH_SECRET_PREVIOUS: `${OLD_SECRET},tooshort` }, secretFile);
      throw new Error("expected the settings to be rejected");
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems;
      expect(problems).toEqual([expect.stringMatching(/^AUTH_SECRET_PREVIOUS\.1: each secret must be at least 32 characters/)]);
      expect(problems.join("\n")).not.toContain("tooshort");
    }
  });
});

describe("unsubscribe headers", () => {
  it("are exactly the two RFC 8058 headers", () => {
    expect(unsubscribeHeaders("https://tidings.example.com/u/abc.def")).toEqual({
      "List-Unsubscribe": "<https://tidings.example.com/u/abc.def>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("build the link from APP_URL and the token", () => {
    const token = tokenFor();
    expect(unsubscribeUrl(token, "https://tidings.example.com/")).toBe(`https://tidings.example.com/u/${token}`);
    expect(unsubscribeHeaders(unsubscribeUrl(token, "https://tidings.example.com"))["List-Unsubscribe"]).toBe(
      `<https://tidings.example.com/u/${token}>`,
    );
  });

  it("refuse anything that could break out of the header", () => {
    expect(() => unsubscribeUrl("abc\r\nBcc: x@y.z", "https://t.example")).toThrow();
    expect(() => unsubscribeHeaders("https://t.example/u/a>\r\nBcc: x@y.z")).toThrow();
    expect(() => unsubscribeHeaders("https://t.example/u/a b")).toThrow();
    expect(() => unsubscribeHeaders("mailto:unsubscribe@t.example")).toThrow();
    expect(() => unsubscribeHeaders("/u/abc")).toThrow();
  });
});

describe("links in emails already sent", () => {
  it("still verify: a token signed before signing moved to lib/signed-links (key id second in its payload)", () => {
    const sent =
      "eyJ2IjoxLCJrIjoiZjUwNDY4MDkiLCJlIjoiYWxleEBhY21lLW1haWwuY29tIiwiYyI6ImJhdGNoX3N1Y2NlZWRlZCIsIm8iOiJjbHgwb3duZXIwMDAwMDAwMDAwMDAwMDAxIiwidCI6MTc0ODc3OTIwMH0." +
      "gEVlLWnRi0MTn8bN9NHptkzqa0Up5yrK8uO34X5Cvwo";
    expect(verifyUnsubscribeToken(sent, keys)).toEqual({
      ok: true,
      email: "alex@acme-mail.com",
      category: "batch_succeeded",
      ownerUserId: "clx0owner0000000000000001",
      issuedAt: NOW,
    });
  });
});
