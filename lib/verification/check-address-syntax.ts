// Address syntax for mailing: what real mail servers and the people behind them use,
// not every form RFC 5321/5322 allow. Non-ASCII local parts (RFC 6531) and international
// domains are accepted; quoted local parts, comments, white space inside the address,
// IP-literal domains and unsafe Unicode are not, each with its own reason. Every problem
// an address has is reported, not only the first one found.
import { domainToASCII } from "node:url";
import type { DomainProblem } from "./check-domain-policy";
import type { InvalidReason } from "./verdicts";

export type SyntaxProblem = DomainProblem;

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
    }
  | {
      readonly ok: false;
      /** Every problem found, one per reason, in the order of the address. */
      readonly problems: readonly SyntaxProblem[];
      readonly local: string | null;
      /** The domain part lower-cased, for typo suggestions on broken domains. */
      readonly domainHint: string | null;
      /** The domain in ASCII when the domain part itself is well-formed, for its own checks. */
      readonly domain: string | null;
      /** The address without its comments, when they were its only problem. */
      readonly withoutComments: string | null;
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
// Characters that need the character-by-character reading: anything outside printable
// ASCII (white space, controls, Unicode) and comment brackets.
const NEEDS_READING = /[^\x21-\x7e]|[()]/;
const ATEXT_ASCII = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]$/;
const WHITESPACE = /^[\t\n\v\f\r \p{Z}]$/u;
const INVISIBLE = /^[\p{Cc}\p{Cf}]$/u;
const UNASSIGNED = /^[\p{Co}\p{Cn}\p{Cs}]$/u;
const COMBINING_MARK = /^\p{M}/u;
const DOMAIN_CHARACTERS = /^[a-z0-9.-]+$/;
// An ASCII character other than a-z, 0-9, dot and hyphen (the domain is lower-cased first).
const BAD_DOMAIN_ASCII = /[\x00-\x2c\x2f\x3a-\x60\x7b-\x7f]/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const NUMERIC = /^[0-9]+$/;
// Dots that UTS #46 maps to a full stop in international domain names.
const IDN_DOTS = /[.\u3002\uff0e\uff61]/;

/** Parse and check one address (already trimmed). */
export function checkAddressSyntax(address: string): AddressSyntax {
  if (address === "") return failWith("empty", "The email cell is empty.");
  if (address.length > MAX_INPUT_LENGTH) return failWith("address_too_long", "The address is longer than 254 characters.");
  if (COMMON_ADDRESS.test(address)) {
    const fast = acceptCommonAddress(address);
    if (fast !== null) return fast;
  }
  const found = new ProblemList();
  const text = NON_ASCII.test(address) ? address.normalize("NFC") : address;
  const bare = NEEDS_READING.test(text) ? readOutUnusual(text, found) : text;
  return checkStructure(bare, found);
}

function acceptCommonAddress(address: string): AddressSyntax | null {
  const at = address.indexOf("@");
  const written = address.slice(at + 1);
  const domain = written.toLowerCase();
  if (at > MAX_LOCAL_OCTETS || address.length > MAX_ADDRESS_OCTETS) return null;
  if (domain.length > MAX_LABEL_LENGTH && domain.split(".").some((label) => label.length > MAX_LABEL_LENGTH)) return null;
  const local = address.slice(0, at);
  // Most addresses are written normalized already: keep the input rather than build a copy.
  return { ok: true, local, domain, address: domain === written ? address : `${local}@${domain}`, localIsAscii: true };
}

// Problems found so far, one per reason: the first sentence for a reason is the one kept.
class ProblemList {
  readonly items: SyntaxProblem[] = [];

  add(reason: InvalidReason, message: string): void {
    if (!this.has(reason)) this.items.push({ reason, message });
  }

  has(reason: InvalidReason): boolean {
    return this.items.some((item) => item.reason === reason);
  }
}

// Takes out of the address what can never be part of a mailable one (comments, white
// space outside quotes, invisible and unassigned characters), noting each, so the rest
// is judged on its own: "john\u200b@x.com" is invisible_character and nothing else.
function readOutUnusual(text: string, found: ProblemList): string {
  let bare = "";
  let inQuotes = false;
  let commentDepth = 0;
  // White space next to a comment belongs to it ("jane@x.com (Jane)"): held until the
  // next character says which it is.
  let heldSpace: string | null = null;
  let afterComment = false;
  // Where the open comment started: one never closed is a stray bracket, kept as text.
  let commentStart = 0;
  for (let i = 0; i < text.length; ) {
    const character = String.fromCodePoint(text.codePointAt(i) ?? 0);
    i += character.length;
    const space = WHITESPACE.test(character);
    if (!space || inQuotes) {
      if (INVISIBLE.test(character) && !(inQuotes && (character === "\t" || character === " "))) {
        found.add("invisible_character", `The address contains ${describeCharacter(character)}, which cannot be seen.`);
        continue;
      }
      if (UNASSIGNED.test(character)) {
        found.add("private_or_unassigned_character", `The address contains ${describeCharacter(character)}, which mail systems cannot handle.`);
        continue;
      }
    }
    if (commentDepth > 0) {
      if (character === "(") commentDepth++;
      else if (character === ")") commentDepth--;
      afterComment = commentDepth === 0;
      if (afterComment) found.add("address_comment", "The address has a comment in brackets, which is not part of the address.");
      continue;
    }
    if (space && !inQuotes) {
      if (!afterComment) heldSpace ??= character;
      continue;
    }
    if (heldSpace !== null && character !== "(") found.add("whitespace_in_address", `The address has ${describeCharacter(heldSpace)} inside it.`);
    heldSpace = null;
    afterComment = false;
    if (inQuotes) {
      bare += character;
      if (character === "\\" && i < text.length) {
        const escaped = String.fromCodePoint(text.codePointAt(i) ?? 0);
        // An escaped control character hides as well as a plain one.
        if (INVISIBLE.test(escaped)) found.add("invisible_character", `The address contains ${describeCharacter(escaped)}, which cannot be seen.`);
        else bare += escaped;
        i += escaped.length;
      } else if (character === '"') inQuotes = false;
      continue;
    }
    if (character === '"') {
      inQuotes = true;
      bare += character;
    } else if (character === "(") {
      commentDepth = 1;
      commentStart = i - 1;
    } else bare += character;
  }
  return commentDepth > 0 ? bare + text.slice(commentStart) : bare;
}

function checkStructure(bare: string, found: ProblemList): AddressSyntax {
  const at = bare.lastIndexOf("@");
  if (at === -1) {
    if (bare !== "" || found.items.length === 0) found.add("missing_at", "There is no @ in the address.");
    return failed(found, null, null, null);
  }
  const local = bare.slice(0, at);
  const domainPart = bare.slice(at + 1);
  const domainHint = domainPart.toLowerCase();
  if (local === "") found.add("missing_local_part", "Nothing comes before the @.");
  else checkLocal(local, found);
  const localOctets = NON_ASCII.test(local) ? Buffer.byteLength(local, "utf8") : local.length;
  if (localOctets > MAX_LOCAL_OCTETS) found.add("local_part_too_long", `The part before the @ has ${localOctets} characters; the limit is 64.`);

  let domain: string | null = null;
  if (domainPart === "") found.add("missing_domain", "Nothing comes after the @.");
  else domain = checkDomainPart(domainPart, found);
  const domainOctets = domain?.length ?? Buffer.byteLength(domainPart, "utf8");
  if (localOctets + 1 + domainOctets > MAX_ADDRESS_OCTETS) {
    found.add("address_too_long", `The address has ${localOctets + 1 + domainOctets} characters; the limit is 254.`);
  }

  if (found.items.length === 0 && domain !== null) {
    return { ok: true, local, domain, address: `${local}@${domain}`, localIsAscii: !NON_ASCII.test(local) };
  }
  const onlyComments = domain !== null && local !== "" && found.items.every((item) => item.reason === "address_comment");
  return failed(found, local === "" ? null : local, domainHint, domain, onlyComments ? `${local}@${domain}` : null);
}

function checkLocal(local: string, found: ProblemList): void {
  if (local.includes('"')) {
    if (isQuotedString(local)) {
      found.add("quoted_local_part", "The part before the @ is in quotes; most mail systems refuse such addresses.");
    } else found.add("invalid_local_part", "The part before the @ has quotes that do not enclose all of it.");
    return;
  }
  if (local.includes("@")) found.add("invalid_local_part", "The address has more than one @.");
  if (local.startsWith(".")) found.add("dot_misplaced", "The part before the @ starts with a dot.");
  else if (local.endsWith(".")) found.add("dot_misplaced", "The part before the @ ends with a dot.");
  else if (local.includes("..")) found.add("dot_misplaced", "The part before the @ has two dots in a row.");
  for (const character of local) {
    if (character === "." || character === "@" || ATEXT_ASCII.test(character) || character.charCodeAt(0) > 0x7f) continue;
    found.add("invalid_local_part", `The part before the @ contains ${describeCharacter(character)}, which is not allowed.`);
    break;
  }
  if (NON_ASCII.test(local) && local.split(".").some((atom) => COMBINING_MARK.test(atom))) {
    found.add("leading_combining_mark", "A part before the @ starts with a combining accent that has no letter to sit on.");
  }
}

// "john doe" with a backslash escaping the next character, enclosing the whole local part.
function isQuotedString(local: string): boolean {
  if (local.length < 2 || !local.startsWith('"') || !local.endsWith('"')) return false;
  for (let i = 1; i < local.length - 1; i++) {
    const code = local.charCodeAt(i);
    if (code === 0x5c) i++;
    else if (code === 0x22) return false;
  }
  // The closing quote must not be the escaped one.
  let backslashes = 0;
  for (let i = local.length - 2; i > 0 && local.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 0;
}

// The domain part checked and converted to lower-case ASCII; null when it cannot be.
function checkDomainPart(domainPart: string, found: ProblemList): string | null {
  if (domainPart.startsWith("[")) {
    if (domainPart.endsWith("]")) found.add("domain_literal", `The domain ${domainPart} is an IP address in brackets, not a name.`);
    else found.add("invalid_domain", "The domain opens a bracket [ that is never closed.");
    return null;
  }
  let lower = domainPart.toLowerCase();
  if (lower.startsWith(".")) found.add("dot_misplaced", "The domain starts with a dot.");
  else if (lower.endsWith(".")) found.add("dot_misplaced", "The domain ends with a dot.");
  else if (lower.includes("..")) found.add("dot_misplaced", "The domain has two dots in a row.");
  // Judge the rest as if the stray dots were not there.
  if (found.has("dot_misplaced")) lower = lower.split(".").filter((label) => label !== "").join(".");
  if (lower === "") return null;

  const badAscii = BAD_DOMAIN_ASCII.exec(lower);
  if (badAscii !== null) {
    found.add("invalid_domain", `The domain contains ${describeCharacter(badAscii[0])}, which is not allowed.`);
    return null;
  }
  let domain = lower;
  if (NON_ASCII.test(lower)) {
    if (lower.split(IDN_DOTS).some((label) => COMBINING_MARK.test(label))) {
      found.add("leading_combining_mark", "A part of the domain starts with a combining accent that has no letter to sit on.");
      return null;
    }
    // UTS #46 processing (WHATWG): maps full-width dots and case, checks bidi and joiner
    // rules, then punycodes each label.
    domain = domainToASCII(lower);
    if (domain === "") {
      found.add("invalid_idna", "The international domain name is not valid (IDNA): it cannot be converted to a domain.");
      return null;
    }
  }
  if (!DOMAIN_CHARACTERS.test(domain)) {
    found.add("invalid_domain", "The domain contains characters that are not allowed.");
    return null;
  }
  const labels = domain.split(".");
  if (labels.length < 2) found.add("domain_without_dot", "The domain has no dot, so it cannot receive mail on the internet.");
  for (const label of labels) {
    // Only reachable through IDN mapping (a full-width dot next to an ASCII one).
    if (label === "") found.add("dot_misplaced", "The domain has two dots in a row.");
    else if (label.length > MAX_LABEL_LENGTH) found.add("domain_label_too_long", `A part of the domain has ${label.length} characters; the limit is 63.`);
    else if (!DOMAIN_LABEL.test(label)) found.add("invalid_domain", "A part of the domain starts or ends with a hyphen.");
  }
  const tld = labels.length < 2 ? null : (labels[labels.length - 1] ?? "");
  if (tld !== null && tld !== "" && tld.length <= MAX_LABEL_LENGTH) {
    if (NUMERIC.test(tld)) found.add("invalid_tld", `The domain ends in a number (.${tld}), not a top-level domain.`);
    else if (!TLD.test(tld)) found.add("invalid_tld", `The domain ending .${tld} is not a valid top-level domain.`);
  }
  return domain;
}

/** A character named so a person can find it: “x”, a space, or an invisible one by its code. */
function describeCharacter(character: string): string {
  if (character === " ") return "a space";
  if (character === "\t") return "a tab";
  if (character === "\r" || character === "\n") return "a line break";
  const code = character.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (WHITESPACE.test(character)) return `a special space (${hex})`;
  if (INVISIBLE.test(character)) return `an invisible character (${hex})`;
  if (UNASSIGNED.test(character)) return `a private-use or unassigned character (${hex})`;
  if (COMBINING_MARK.test(character)) return `a combining accent (${hex})`;
  return `“${character}”`;
}

function failed(found: ProblemList, local: string | null, domainHint: string | null, domain: string | null, withoutComments: string | null = null): AddressSyntax {
  return { ok: false, problems: found.items, local, domainHint, domain, withoutComments };
}

function failWith(reason: InvalidReason, message: string): AddressSyntax {
  return { ok: false, problems: [{ reason, message }], local: null, domainHint: null, domain: null, withoutComments: null };
}
