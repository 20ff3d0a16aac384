// Address syntax by the practical reading of RFC 5321/5322 (and 6531 for non-ASCII
// local parts): what real mail servers accept, not every form the grammar allows.
// Comments, folding white space and IP-literal domains are rejected on purpose.
import { domainToASCII } from "node:url";
import type { InvalidReason } from "./verdicts";

export type AddressSyntax =
  | {
      readonly ok: true;
      /** The local part as written (NFC), case kept: servers may treat it as case-sensitive. */
      readonly local: string;
      /** Lower-case ASCII domain; international names are in punycode. */
      readonly domain: string;
      /** `local@domain`: the input itself when that is what it already was. */
      readonly address: string;
      readonly localIsAscii: boolean;
      readonly localIsQuoted: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: InvalidReason;
      readonly message: string;
      readonly local: string | null;
      /** The domain part lower-cased, for typo suggestions on broken domains. */
      readonly domainHint: string | null;
    };

const MAX_LOCAL_OCTETS = 64;
const MAX_ADDRESS_OCTETS = 254;
const MAX_LABEL_LENGTH = 63;
// Anything longer cannot be an address; stop before normalising a huge cell.
const MAX_INPUT_LENGTH = 1024;

// The common case (plain ASCII dot-atom at a letters-only TLD) in one test; anything it
// rejects goes through the step-by-step checks below, which also name the problem.
const COMMON_ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const NON_ASCII = /[^\x00-\x7f]/;
const ATEXT_ASCII = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]$/;
// Non-ASCII is allowed in a local part (RFC 6531) except invisible and spacing characters.
const FORBIDDEN_NON_ASCII = /[\s\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;
const DOMAIN_CHARACTERS = /^[a-z0-9.-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const NUMERIC = /^[0-9]+$/;

/** Parse and check one address (already trimmed). */
export function checkAddressSyntax(address: string): AddressSyntax {
  if (address === "") return fail("empty", "The email cell is empty.");
  if (address.length > MAX_INPUT_LENGTH) return fail("address_too_long", "The address is longer than 254 characters.");
  if (COMMON_ADDRESS.test(address)) {
    const fast = acceptCommonAddress(address);
    if (fast !== null) return fast;
  }
  const text = NON_ASCII.test(address) ? address.normalize("NFC") : address;
  const at = text.lastIndexOf("@");
  if (at === -1) return fail("missing_at", "There is no @ in the address.");
  const local = text.slice(0, at);
  const domainPart = text.slice(at + 1);
  if (local === "") return fail("missing_local_part", "Nothing comes before the @.", null, domainPart.toLowerCase());
  if (domainPart === "") return fail("missing_domain", "Nothing comes after the @.", local);

  const localProblem = local.startsWith('"') ? checkQuotedLocal(local) : checkDotAtomLocal(local);
  if (localProblem !== null) return { ...localProblem, local, domainHint: domainPart.toLowerCase() };
  const localIsAscii = !NON_ASCII.test(local);
  const localOctets = localIsAscii ? local.length : Buffer.byteLength(local, "utf8");
  if (localOctets > MAX_LOCAL_OCTETS) {
    return fail("local_part_too_long", `The part before the @ has ${localOctets} characters; the limit is 64.`, local);
  }

  const domain = toAsciiDomain(domainPart);
  if (typeof domain !== "string") return { ...domain, local, domainHint: domainPart.toLowerCase() };
  if (localOctets + 1 + domain.length > MAX_ADDRESS_OCTETS) {
    return fail("address_too_long", `The address has ${localOctets + 1 + domain.length} characters; the limit is 254.`, local);
  }
  return { ok: true, local, domain, address: `${local}@${domain}`, localIsAscii, localIsQuoted: local.startsWith('"') };
}

function acceptCommonAddress(address: string): AddressSyntax | null {
  const at = address.indexOf("@");
  const written = address.slice(at + 1);
  const domain = written.toLowerCase();
  if (at > MAX_LOCAL_OCTETS || address.length > MAX_ADDRESS_OCTETS) return null;
  if (domain.length > MAX_LABEL_LENGTH && domain.split(".").some((label) => label.length > MAX_LABEL_LENGTH)) return null;
  const local = address.slice(0, at);
  // Most addresses are written normalized already: keep the input rather than build a copy.
  return { ok: true, local, domain, address: domain === written ? address : `${local}@${domain}`, localIsAscii: true, localIsQuoted: false };
}

type Problem = { readonly ok: false; readonly reason: InvalidReason; readonly message: string };

function checkDotAtomLocal(local: string): Problem | null {
  if (local.includes("@")) return problem("invalid_local_part", "The address has more than one @.");
  if (local.startsWith(".")) return problem("dot_misplaced", "The part before the @ starts with a dot.");
  if (local.endsWith(".")) return problem("dot_misplaced", "The part before the @ ends with a dot.");
  if (local.includes("..")) return problem("dot_misplaced", "The part before the @ has two dots in a row.");
  for (const character of local) {
    if (character === "." || ATEXT_ASCII.test(character)) continue;
    if (character.charCodeAt(0) > 0x7f && !FORBIDDEN_NON_ASCII.test(character)) continue;
    return problem("invalid_local_part", `The part before the @ contains ${describeCharacter(character)}, which is not allowed.`);
  }
  return null;
}

// "john doe"@example.com: quotes allow spaces and specials; a backslash escapes the next character.
function checkQuotedLocal(local: string): Problem | null {
  if (local.length < 2 || !local.endsWith('"')) {
    return problem("invalid_local_part", "The quoted part before the @ is not closed with a quote.");
  }
  for (let i = 1; i < local.length - 1; i++) {
    const code = local.charCodeAt(i);
    if (code === 0x5c) {
      i++;
      if (i >= local.length - 1) return problem("invalid_local_part", "The quoted part before the @ ends with a lone backslash.");
      continue;
    }
    if (code === 0x22) return problem("invalid_local_part", "The quoted part before the @ has a quote that is not escaped.");
    if (code < 0x20 || code === 0x7f) return problem("invalid_local_part", "The quoted part before the @ contains a control character.");
  }
  return null;
}

function toAsciiDomain(domainPart: string): string | Problem {
  if (domainPart.startsWith("[")) {
    return problem("invalid_domain", "IP addresses in brackets are not accepted as a domain.");
  }
  const lower = domainPart.toLowerCase();
  if (lower.startsWith(".")) return problem("dot_misplaced", "The domain starts with a dot.");
  if (lower.endsWith(".")) return problem("dot_misplaced", "The domain ends with a dot.");
  if (lower.includes("..")) return problem("dot_misplaced", "The domain has two dots in a row.");
  let domain = lower;
  if (NON_ASCII.test(lower)) {
    // WHATWG/UTS #46 processing: maps full-width dots and case, then punycodes each label.
    domain = domainToASCII(lower);
    if (domain === "") return problem("invalid_domain", "The international domain name cannot be converted to a valid domain.");
  }
  if (!DOMAIN_CHARACTERS.test(domain)) {
    const bad = [...domain].find((character) => !/[a-z0-9.-]/.test(character)) ?? "?";
    return problem("invalid_domain", `The domain contains ${describeCharacter(bad)}, which is not allowed.`);
  }
  const labels = domain.split(".");
  if (labels.length < 2) return problem("domain_without_dot", "The domain has no dot, so it cannot receive mail on the internet.");
  for (const label of labels) {
    // Only reachable through IDN mapping (a full-width dot next to an ASCII one).
    if (label === "") return problem("dot_misplaced", "The domain has two dots in a row.");
    if (label.length > MAX_LABEL_LENGTH) {
      return problem("domain_label_too_long", `A part of the domain has ${label.length} characters; the limit is 63.`);
    }
    if (!DOMAIN_LABEL.test(label)) return problem("invalid_domain", "A part of the domain starts or ends with a hyphen.");
  }
  const tld = labels[labels.length - 1] ?? "";
  if (NUMERIC.test(tld)) return problem("invalid_tld", `The domain ends in a number (.${tld}), not a top-level domain.`);
  if (!TLD.test(tld)) return problem("invalid_tld", `The domain ending .${tld} is not a valid top-level domain.`);
  return domain;
}

function describeCharacter(character: string): string {
  if (character === " ") return "a space";
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || /[\s\p{Cf}]/u.test(character)) {
    return `an invisible character (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
  }
  return `“${character}”`;
}

function problem(reason: InvalidReason, message: string): Problem {
  return { ok: false, reason, message };
}

function fail(reason: InvalidReason, message: string, local: string | null = null, domainHint: string | null = null): AddressSyntax {
  return { ok: false, reason, message, local, domainHint };
}
