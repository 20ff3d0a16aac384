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
  { address: "john@acme.com", verdict: "valid", normalized: "john@acme.com" },
  { address: "John.Smith@Acme.COM", verdict: "valid", normalized: "John.Smith@acme.com" },
  { address: "  jane@acme.org\t", verdict: "valid", normalized: "jane@acme.org" },
  { address: "user+tag@acme.com", verdict: "valid" },
  { address: "o'brien@example.ie", verdict: "valid" },
  { address: "x@example.io", verdict: "valid" },
  { address: "a_b-c@sub.domain.example.co.uk", verdict: "valid" },
  { address: "firstname-lastname@acme.com", verdict: "valid" },
  { address: "1234567890@acme.com", verdict: "valid" },
  { address: "user@example.museum", verdict: "valid" },
  { address: "user@sub-domain.acme.com", verdict: "valid" },
  { address: "=1+1@acme.com", verdict: "valid" },
  { address: `${local64}@acme.com`, verdict: "valid" },
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
  { address: "jane@acme.com", verdict: "valid", freeMail: false },
  // Real domains one edit from a popular one are not typos
  { address: "jane@wahoo.com", verdict: "valid" },
  { address: "jane@love.com", verdict: "valid" },
  { address: "jane@hotmart.com", verdict: "valid" },

  // Invalid, with the reason a person can act on
  { address: "", verdict: "invalid", reasons: ["empty"] },
  { address: "   ", verdict: "invalid", reasons: ["empty"] },
  { address: "plainaddress", verdict: "invalid", reasons: ["missing_at"] },
  { address: "@acme.com", verdict: "invalid", reasons: ["missing_local_part"] },
  { address: "john@", verdict: "invalid", reasons: ["missing_domain"] },
  { address: ".john@acme.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john.@acme.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "jo..hn@acme.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john@.acme.com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john@acme.com.", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john@acme..com", verdict: "invalid", reasons: ["dot_misplaced"] },
  { address: "john doe@acme.com", verdict: "invalid", reasons: ["whitespace_in_address"] },
  { address: "john@doe@acme.com", verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: "john(comment)@acme.com", verdict: "invalid", reasons: ["address_comment"], suggestion: "john@acme.com" },
  { address: '"unclosed@acme.com', verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: '"bad"quote"@acme.com', verdict: "invalid", reasons: ["invalid_local_part"] },
  { address: "john\u200b@acme.com", verdict: "invalid", reasons: ["invisible_character"] },
  { address: "john@exa_mple.com", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@my company.com", verdict: "invalid", reasons: ["whitespace_in_address"] },
  { address: "john@-acme.com", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@example-.com", verdict: "invalid", reasons: ["invalid_domain"] },
  { address: "john@[192.168.0.1]", verdict: "invalid", reasons: ["domain_literal"] },
  { address: "john@localhost", verdict: "invalid", reasons: ["domain_without_dot", "reserved_domain"] },
  { address: "john@example.123", verdict: "invalid", reasons: ["invalid_tld"] },
  { address: "john@192.168.0.1", verdict: "invalid", reasons: ["invalid_tld"] },
  { address: "john@example.c", verdict: "invalid", reasons: ["invalid_tld"] },
  { address: `${"a".repeat(65)}@acme.com`, verdict: "invalid", reasons: ["local_part_too_long"] },
  { address: address255, verdict: "invalid", reasons: ["address_too_long"] },
  { address: `x@${"d".repeat(64)}.com`, verdict: "invalid", reasons: ["domain_label_too_long"] },
  // Broken but recognisable: a suggestion comes along
  { address: "john@gmailcom", verdict: "invalid", reasons: ["domain_without_dot"], suggestion: "john@gmail.com" },
  { address: "john@gmail..com", verdict: "invalid", reasons: ["dot_misplaced"], suggestion: "john@gmail.com" },

  // Risky: deliverable perhaps, but worth a second look
  { address: "foo@mailinator.com", verdict: "risky", reasons: ["disposable"] },
  { address: "foo@eu.mailinator.com", verdict: "risky", reasons: ["disposable"] },
  { address: "bar@10minutemail.com", verdict: "risky", reasons: ["disposable"] },
  { address: "admin@acme.com", verdict: "risky", reasons: ["role_account"] },
  { address: "info@acme.com", verdict: "risky", reasons: ["role_account"] },
  { address: "noreply@acme.com", verdict: "risky", reasons: ["role_account"] },
  { address: "no-reply@acme.com", verdict: "risky", reasons: ["role_account"] },
  { address: "support+tickets@acme.com", verdict: "risky", reasons: ["role_account"] },
  { address: "postmaster@acme.org", verdict: "risky", reasons: ["role_account"] },
  { address: "SALES@acme.com", verdict: "risky", reasons: ["role_account"] },
  { address: "jane@yaho.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@yahoo.com" },
  { address: "jane@gmail.con", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@gmail.com" },
  { address: "jane@outlok.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@outlook.com" },
  { address: "jane@gnail.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@gmail.com" },
  { address: "Jane@Acme.CON", verdict: "risky", reasons: ["possible_typo"], suggestion: "Jane@acme.com" },
  // gmial.com and hotmial.com are on the disposable list (typo-squatting catch-alls), but
  // the person meant the provider: a typo to correct, not a throwaway service.
  { address: "kim@gmial.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "kim@gmail.com" },
  { address: "jane@hotmial.com", verdict: "risky", reasons: ["possible_typo"], suggestion: "jane@hotmail.com" },
  { address: "café@acme.com", verdict: "risky", reasons: ["non_ascii_local_part"] },
  // Decomposed é (e + combining accent) is composed by NFC.
  { address: "e\u0301mile@acme.com", verdict: "risky", reasons: ["non_ascii_local_part"], normalized: "\u00e9mile@acme.com" },
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
    expect(analyzeAddress("john doe@acme.com").message).toContain("a space");
    expect(analyzeAddress("john\u200b@acme.com").message).toContain("U+200B");
  });
});

describe("analyzeAddress: the mailing policy, one reason code per rule", () => {
  const invalid: readonly (readonly [string, readonly ReasonCode[]])[] = [
    // Quoted local parts: allowed by RFC 5322, refused by mail systems and sign-up forms.
    ['"john doe"@acme.com', ["quoted_local_part"]],
    ['"a@b"@acme.com', ["quoted_local_part"]],
    ['"quote\\"inside"@acme.com', ["quoted_local_part"]],
    // A quoted part hiding NUL, CR or LF: invalid, never risky, and says why.
    ['"jo\u0000hn"@acme.com', ["invisible_character", "quoted_local_part"]],
    ['"jo\r\nhn"@acme.com', ["invisible_character", "quoted_local_part"]],
    ['"jo\\\nhn"@acme.com', ["invisible_character", "quoted_local_part"]],
    // Comments, with or without the space before them.
    ["john(work)@acme.com", ["address_comment"]],
    ["jane@acme.com (Jane Doe)", ["address_comment"]],
    ["jane@(home)acme.com", ["address_comment"]],
    // A bracket never closed is no comment, just a character that is not allowed.
    ["jane(unclosed@acme.com", ["invalid_local_part"]],
    // White space inside the address, folded over lines or not.
    ["john @acme.com", ["whitespace_in_address"]],
    ["john.\r\n doe@acme.com", ["whitespace_in_address"]],
    ["jo\u00a0hn@acme.com", ["whitespace_in_address"]],
    ["john@acme\t.com", ["whitespace_in_address"]],
    // Domain literals.
    ["user@[192.0.2.1]", ["domain_literal"]],
    ["user@[IPv6:2001:db8::1]", ["domain_literal"]],
    // Special-use and reserved names (RFC 6761, the IANA registry, RFC 2606, ICANN).
    ["user@mail.test", ["reserved_domain"]],
    ["user@anything.invalid", ["reserved_domain"]],
    ["user@printer.localhost", ["reserved_domain"]],
    ["user@printer.local", ["reserved_domain"]],
    ["user@duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", ["reserved_domain"]],
    ["user@1.2.0.192.in-addr.arpa", ["reserved_domain"]],
    ["user@router.home.arpa", ["reserved_domain"]],
    ["user@site.example", ["reserved_domain"]],
    ["user@example.com", ["reserved_domain"]],
    ["user@EXAMPLE.net", ["reserved_domain"]],
    ["user@mail.example.org", ["reserved_domain"]],
    ["user@corp.internal", ["reserved_domain"]],
    ["user@name.alt", ["reserved_domain"]],
    // Not valid IDNA (UTS #46 / IDNA 2008).
    ["user@xn--0.com", ["invalid_idna"]],
    ["user@xn--a.com", ["invalid_idna"]],
    ["user@shop.xn--zz.de", ["invalid_idna"]],
    ["user@ab--cd.com", ["invalid_idna"]],
    ["user@\u05d0a.com", ["invalid_idna"]],
    // Unsafe Unicode: control and format characters, combining marks first, unassigned.
    ["jo\u200bhn@acme.com", ["invisible_character"]],
    ["john@ac\u202eme.com", ["invisible_character"]],
    ["\u2066john\u2069@acme.com", ["invisible_character"]],
    ["jo\u00adhn@acme.com", ["invisible_character"]],
    ["jo\u0007hn@acme.com", ["invisible_character"]],
    ["john@ac\u200dme.com", ["invisible_character"]],
    ["\u0301john@acme.com", ["leading_combining_mark"]],
    ["john.\u0301doe@acme.com", ["leading_combining_mark"]],
    ["john@\u0301acme.com", ["leading_combining_mark"]],
    ["jo\ue000hn@acme.com", ["private_or_unassigned_character"]],
    ["jo\ufdd0hn@acme.com", ["private_or_unassigned_character"]],
    ["jo\u{10ffff}hn@acme.com", ["private_or_unassigned_character"]],
    ["jo\u0378hn@acme.com", ["private_or_unassigned_character"]],
    ["jo\ud800hn@acme.com", ["private_or_unassigned_character"]],
  ];

  it.each(invalid)("%j → %j", (address, reasons) => {
    const analysis = analyzeAddress(address);
    expect(analysis.verdict).toBe("invalid");
    expect(analysis.reasons).toEqual(reasons);
    expect(analysis.message).not.toBe("");
  });

  it.each([
    ["user@xn--bcher-kva.de", "user@xn--bcher-kva.de"],
    ["user@a--b.com", "user@a--b.com"],
    ["user@example.co.uk", "user@example.co.uk"],
    ["user@testing.com", "user@testing.com"],
    ["user@local.dev", "user@local.dev"],
  ])("accepts %s, which only looks like a rule", (address, normalized) => {
    expect(analyzeAddress(address)).toMatchObject({ verdict: "valid", normalized });
  });

  it("offers the address without its comment", () => {
    expect(analyzeAddress("jane@acme.com (Jane Doe)").suggestion).toBe("jane@acme.com");
  });

  it("says in words what is wrong, naming the character", () => {
    expect(analyzeAddress("jo\u202ehn@acme.com").message).toContain("U+202E");
    expect(analyzeAddress("jo\ue000hn@acme.com").message).toContain("U+E000");
    expect(analyzeAddress("user@mail.test").message).toContain(".test");
    expect(analyzeAddress("user@example.com").message).toContain("example.com");
    expect(analyzeAddress("user@xn--0.com").message).toContain("xn--0");
  });
});

describe("analyzeAddress: every reason a row has, none it does not have", () => {
  it.each([
    // Over 254 characters AND a label over 63: both.
    [`${"a".repeat(64)}@${"d".repeat(70)}.${"e".repeat(63)}.${"f".repeat(60)}.com`, ["domain_label_too_long", "address_too_long"]],
    ['"john doe"@example.com', ["quoted_local_part", "reserved_domain"]],
    [".john@mail.test", ["dot_misplaced", "reserved_domain"]],
    ["jo hn@acme.c", ["whitespace_in_address", "invalid_tld"]],
    ["jo\u200bhn..x@acme.com", ["invisible_character", "dot_misplaced"]],
    [`${"a".repeat(65)}@ab--cd.com`, ["local_part_too_long", "invalid_idna"]],
  ])("%j → %j", (address, reasons) => {
    expect(analyzeAddress(address).reasons).toEqual(reasons);
  });

  it("does not call a typo of a provider disposable, nor suggest a reserved name", () => {
    expect(analyzeAddress("kim@gmial.com")).toMatchObject({ verdict: "risky", reasons: ["possible_typo"], suggestion: "kim@gmail.com" });
    expect(analyzeAddress("foo@mailinator.com").reasons).toEqual(["disposable"]);
    expect(analyzeAddress("jane@example.con").suggestion).toBeNull();
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
    expect(judge(["jane@acme.com", " JANE@Acme.com ", "Jane@Acme.COM"])).toEqual(["valid", "duplicate@2", "duplicate@2"]);
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
    expect(judge(["bob+a@acme.com", "bob@acme.com", "b.ob@acme.com"])).toEqual(["valid", "valid", "valid"]);
  });

  it("never calls invalid cells duplicates", () => {
    expect(judge(["not-an-address", "not-an-address"])).toEqual(["invalid", "invalid"]);
  });
});
