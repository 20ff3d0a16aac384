import { describe, expect, it } from "vitest";
import { analyzeAddress } from "../analyze-address";
import { DuplicateTracker } from "../track-duplicates";
import type { ReasonCode, Verdict } from "../verdicts";

type Case = {
  readonly address: string;
  readonly verdict: Exclude<Verdict, "duplicate">;
  readonly reasons?: readonly ReasonCode[];
  readonly normalized?: string;
  readonly suggestion?: string;
  readonly freeMail?: boolean;
};

const local64 = "a".repeat(64);
const label63 = "d".repeat(63);
// 64 + 1 + 63 + 1 + 63 + 1 + 57 + 4 = 254
const address254 = `${local64}@${label63}.${label63}.${"e".repeat(57)}.com`;
const address255 = `${local64}@${label63}.${label63}.${"e".repeat(58)}.com`;

const cases: readonly Case[] = [
  // Valid, as written or after normalising
  { address: "john@example.com", verdict: "valid", normalized: "john@example.com" },
  { address: "John.Smith@Example.COM", verdict: "valid", normalized: "John.Smith@example.com" },
  { address: "  jane@example.org\t", verdict: "valid", normalized: "jane@example.org" },
  { address: "user+tag@example.com", verdict: "valid" },
  { address: "o'brien@example.ie", verdict: "valid" },
  { address: "x@example.io", verdict: "valid" },
  { address: "a_b-c@sub.domain.example.co.uk", verdict: "valid" },
  { address: "firstname-lastname@example.com", verdict: "valid" },
  { address: "1234567890@example.com", verdict: "valid" },
  { address: "user@example.museum", verdict: "valid" },
  { address: "user@sub-domain.example.com", verdict: "valid" },
  { address: "=1+1@example.com", verdict: "valid" },
  { address: '"john doe"@example.com', verdict: "valid", normalized: '"john doe"@example.com' },
  { address: '"a@b"@example.com', verdict: "valid" },
  { address: '"quote\\"inside"@example.com', verdict: "valid" },
  { address: `${local64}@example.com`, verdict: "valid" },
  { address: address254, verdict: "valid" },
  { address: `x@${label63}.com`, verdict: "valid" },
  // International domains become punycode
  { address: "kontakt@bücher.de", verdict: "valid", normalized: "kontakt@xn--bcher-kva.de" },
  { address: "user@MÜNCHEN.de", verdict: "valid", normalized: "user@xn--mnchen-3ya.de" },
  { address: "user@例え.jp", verdict: "valid", normalized: "user@xn--r8jz45g.jp" },
  { address: "user@xn--mnchen-3ya.de", verdict: "valid" },
  // Free mail is valid, and flagged
  { address: "jane@gmail.com", verdict: "valid", freeMail: true },
  { address: "bob@yahoo.co.uk", verdict: "valid", freeMail: true },
  { address: "Alice@Outlook.com", verdict: "valid", freeMail: true, normalized: "Alice@outlook.com" },
  { address: "jane@mail.com", verdict: "valid", freeMail: true },
  { address: "jane@example.com", verdict: "valid", freeMail: false },
  // Real domains one edit from a popular one are not typos
  { address: "jane@wahoo.com", verdict: "valid" },
  { address: "jane@love.com", verdict: "valid" },
  { address: "jane@hotmart.com", verdict: "valid" },

  // Invalid, with the reason a person can act on
  { address: "", verdict: "invalid", reasons: ["empty"] },
  { address: "   ", verdict: "invalid", reasons: ["empty"] },
  { address: "plainaddress", verdict: "invalid", reasons: ["missing_at"] },
  { address: "@example.com", verdict: "invalid", reasons: ["missing_local_part"] },
  { address: "john@", verdict: "invalid", reasons: ["missing_domain"] },
  { address: ".john@example.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john.@example.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "jo..hn@example.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john@.example.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john@example.com.", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john@example..com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john doe@example.com", verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: "john@doe@example.com", verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: "john(comment)@example.com", verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: '"unclosed@example.com', verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: '"bad"quote"@example.com', verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: "john\u200b@example.com", verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: "john@exa_mple.com", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@exam ple.com", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@-example.com", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@example-.com", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@[192.168.0.1]", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@localhost", verdict: "invalid", reasons: ["domain_without_dot"] },
  { address: "john@example.123", verdict: "invalid", reasons: ["invalid_tld"] },
  { address: "john@192.168.0.1", verdict: "invalid", reasons: ["invalid_tld"] },
  { address: "john@example.c", verdict: "invalid", reasons: ["invalid_tld"] },
  { address: `${"a".repeat(65)}@example.com`, verdict: "invalid", reasons: ["local_part_too_long"] },
  { address: address255, verdict: "invalid", reasons: ["address_too_long"] },
  { address: `x@${"d".repeat(64)}.com`, verdict: "invalid", reasons: ["domain_label_too_long"] },
  // Broken but recognisable: a suggestion comes along
  { address: "john@gmailcom", verdict: "invalid", reasons: ["domain_without_dot"], suggestion: "john@gmail.com" },
  { address: "john@gmail..com", verdict: "invalid", reasons: ["dot_misplaced"], suggestion: "john@gmail.com" },

  // Risky: deliverable perhaps, but worth a second look
  { address: "foo@mailinator.com", verdict: "risky", reasons: ["disposable"] },
  { address: "foo@eu.mailinator.com", verdict: "risky", reasons: ["disposable"] },
  { address: "bar@10minutemail.com", verdict: "risky", reasons: ["disposable"] },
  { address: "admin@example.com", verdict: "risky", reasons: ["role_account"] },
  { address: "info@example.com", verdict: "risky", reasons: ["role_account"] },
  { address: "noreply@example.com", verdict: "risky", reasons: ["role_account"] },
  { address: "no-reply@example.com", verdict: "risky", reasons: ["role_account"] },
  { address: "support+tickets@example.com", verdict: "risky", reasons: ["role_account"] },
  { address: "postmaster@example.org", verdict: "risky", reasons: ["role_account"] },
  { address: "SALES@example.com", verdict: "risky", reasons: ["role_account"] },
  { address: "jane@yaho.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@yahoo.com" },
  { address: "jane@gmail.con", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@gmail.com" },
  { address: "jane@outlok.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@outlook.com" },
  { address: "jane@gnail.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@gmail.com" },
  { address: "Jane@Example.CON", verdict: "risky", reasons: ["possible_typo"], suggestion: "Jane@example.com" },
  // gmial.com and hotmial.com are also on the disposable list (typo-squatting catch-alls): both reasons show.
  { address: "jane@gmial.com", verdict: "risky", reasons: ["disposable", "possible_typo"], suggestion: "jane@gmail.com" },
  { address: "jane@hotmial.com", verdict: "risky", reasons: ["disposable", "possible_typo"], suggestion: "jane@hotmail.com" },
  { address: "café@example.com", verdict: "risky", reasons: ["non_ascii_local_part"] },
  // Decomposed é (e + combining accent) is composed by NFC.
  { address: "e\u0301mile@example.com", verdict: "risky", reasons: ["non_ascii_local_part"], normalized: "\u00e9mile@example.com" },
];

describe("analyzeAddress", () => {
  it("covers at least 60 addresses", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)("$address → $verdict $reasons", (expected) => {
    const analysis = analyzeAddress(expected.address);
    expect(analysis.verdict).toBe(expected.verdict);
    expect(analysis.reasons).toEqual(expected.reasons ?? []);
    if (expected.normalized !== undefined) expect(analysis.normalized).toBe(expected.normalized);
    if (expected.suggestion !== undefined) expect(analysis.suggestion).toBe(expected.suggestion);
    else if (!(expected.reasons ?? []).includes("possible_typo")) expect(analysis.suggestion).toBeNull();
    if (expected.freeMail !== undefined) expect(analysis.freeMail).toBe(expected.freeMail);
    // Anything not valid says why, in words.
    if (expected.verdict !== "valid") expect(analysis.message).not.toBe("");
  });

  it("names the offending character for a person to find", () => {
    expect(analyzeAddress("john doe@example.com").message).toContain("a space");
    expect(analyzeAddress("john\u200b@example.com").message).toContain("U+200B");
  });
});

describe("duplicates", () => {
  // Runs a list through analysis and duplicate tracking, as processing does; line = index + 2.
  function judge(addresses: readonly string[]): string[] {
    const tracker = new DuplicateTracker();
    return addresses.map((address, index) => {
      const analysis = analyzeAddress(address);
      if (analysis.verdict === "invalid") return "invalid";
      const repeat = tracker.check(analysis, index + 2);
      return repeat.kind === "first" ? analysis.verdict : `${repeat.kind}@${repeat.firstLine}`;
    });
  }

  it("treats case and surrounding space as the same address", () => {
    expect(judge(["jane@example.com", " JANE@Example.com ", "Jane@EXAMPLE.COM"])).toEqual(["valid", "duplicate@2", "duplicate@2"]);
  });

  it("folds Gmail dots, +tags and googlemail.com into one mailbox, pointing at the first row", () => {
    expect(
      judge(["john@gmail.com", "JOHN@gmail.com", "j.o.h.n@gmail.com", "john+news@gmail.com", "john@googlemail.com", "j.o.h.n@gmail.com"]),
    ).toEqual(["valid", "duplicate@2", "alias_duplicate@2", "alias_duplicate@2", "alias_duplicate@2", "duplicate@2"]);
  });

  it("catches an alias that comes before its plain spelling", () => {
    expect(judge(["j.ohn+x@gmail.com", "john@gmail.com", "john@gmail.com"])).toEqual(["valid", "alias_duplicate@2", "duplicate@2"]);
  });

  it("folds +tags at providers that support them, and only there", () => {
    expect(judge(["bob+a@outlook.com", "bob@outlook.com", "bob+b@outlook.com", "bob+a@outlook.com"])).toEqual([
      "valid",
      "alias_duplicate@2",
      "alias_duplicate@2",
      "duplicate@2",
    ]);
    expect(judge(["bob+a@example.com", "bob@example.com", "b.ob@example.com"])).toEqual(["valid", "valid", "valid"]);
  });

  it("never calls invalid cells duplicates", () => {
    expect(judge(["not-an-address", "not-an-address"])).toEqual(["invalid", "invalid"]);
  });
});
