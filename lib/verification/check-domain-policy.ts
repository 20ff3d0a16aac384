// What makes a well-formed domain unmailable all the same: names reserved for special
// use (RFC 6761, the IANA Special-Use Domain Names registry, RFC 2606's example domains,
// ICANN's .internal) and labels that are not valid IDNA (RFC 5891 / UTS #46). Runs once
// per distinct domain (DomainBook memoises it), so it reads plainly rather than fast.
import { domainToASCII, domainToUnicode } from "node:url";
import type { InvalidReason } from "./verdicts";

export type DomainProblem = { readonly reason: InvalidReason; readonly message: string };

export const NO_DOMAIN_PROBLEMS: readonly DomainProblem[] = Object.freeze([]);

// Top-level names that never reach a mailbox on the internet, and why, for the sentence.
const reservedTopLevel: ReadonlyMap<string, string> = new Map([
  ["test", "reserved for testing"],
  ["example", "reserved for examples in documentation"],
  ["invalid", "reserved for names that are invalid on purpose"],
  ["localhost", "the name a computer gives itself"],
  ["local", "used only inside a local network (multicast DNS)"],
  ["onion", "for Tor onion services, out of reach of ordinary mail"],
  ["arpa", "reserved for the internet's own infrastructure and home networks (home.arpa)"],
  ["alt", "reserved for names outside the DNS"],
  ["internal", "reserved for private networks"],
]);

// Registrable names reserved for documentation (RFC 2606), with every name under them.
const reservedNames: readonly string[] = ["example.com", "example.net", "example.org"];

const NON_ASCII = /[^\x00-\x7f]/;

/** Problems of a lower-case ASCII (punycode) domain that is well-formed; empty when none. */
export function checkDomainPolicy(domain: string): readonly DomainProblem[] {
  const problems: DomainProblem[] = [];
  const reserved = describeReserved(domain);
  if (reserved !== null) problems.push({ reason: "reserved_domain", message: reserved });
  // Most domains have no "--" at all: no need to look at their labels one by one.
  if (domain.includes("--")) {
    const broken = domain.split(".").map(checkLabelIdna).find((message) => message !== null);
    if (broken != null) problems.push({ reason: "invalid_idna", message: broken });
  }
  return problems.length === 0 ? NO_DOMAIN_PROBLEMS : problems;
}

/** True for a domain that is reserved for special use; typo suggestions must not lead there. */
export function isReservedDomain(domain: string): boolean {
  return describeReserved(domain) !== null;
}

function describeReserved(domain: string): string | null {
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  const why = reservedTopLevel.get(tld);
  if (why !== undefined) return `The domain ends in .${tld}, which is ${why}: it can never receive mail on the internet.`;
  if (tld !== "com" && tld !== "net" && tld !== "org") return null;
  for (const name of reservedNames) {
    if (domain === name || domain.endsWith(`.${name}`)) {
      return `${name} is reserved for examples in documentation: it can never receive mail.`;
    }
  }
  return null;
}

// IDNA keeps "--" in the third and fourth place for encodings (RFC 5891 §4.2.3.1): only
// an xn-- label may have it, and an xn-- label must decode to a valid international
// name that encodes back to itself (no broken Punycode such as xn--0, no hidden ASCII).
function checkLabelIdna(label: string): string | null {
  if (label.length < 4 || label.charCodeAt(2) !== 45 || label.charCodeAt(3) !== 45) return null;
  if (!label.startsWith("xn--")) {
    return `The domain part “${label}” has two hyphens in the third and fourth place, which only international (xn--) names may have.`;
  }
  const unicode = domainToUnicode(label);
  if (unicode === "" || unicode.startsWith("xn--") || !NON_ASCII.test(unicode) || domainToASCII(unicode) !== label) {
    return `The domain part “${label}” is not a valid international name: its xn-- encoding is broken.`;
  }
  return null;
}
