// One address in, one judgement out: syntax, then what the domain and the local part
// say about deliverability. Pure and synchronous; duplicates need the rest of the file
// and are decided by track-duplicates.ts.
import { checkAddressSyntax, type SyntaxProblem } from "./check-address-syntax";
import { isReservedDomain, NO_DOMAIN_PROBLEMS } from "./check-domain-policy";
import { classifyDomain, type DomainTraits } from "./classify-domain";
import { roleLocalParts } from "./domain-lists";
import { foldLocalPart } from "./fold-local-part";
import { suggestDomain } from "./suggest-domain";
import { type InvalidReason, type RiskyReason, reasonText } from "./verdicts";

export type AddressAnalysis =
  | {
      readonly verdict: "invalid";
      /** Every reason the address cannot receive mail, in the order of the address. */
      readonly reasons: readonly InvalidReason[];
      readonly message: string;
      /** A corrected full address when the domain looks like a typo ("gmailcom") or a comment is in the way. */
      readonly suggestion: string | null;
      readonly normalized: null;
      readonly domain: null;
      readonly freeMail: false;
      readonly lowerLocal: null;
      readonly mailboxLocal: null;
      readonly mailboxDomain: null;
    }
  | {
      readonly verdict: "valid" | "risky";
      /** Empty when valid; every risk found otherwise, most serious first. */
      readonly reasons: readonly RiskyReason[];
      readonly message: string;
      readonly suggestion: string | null;
      /** Local part as written (NFC) @ lower-case punycode domain: what to send to. */
      readonly normalized: string;
      readonly domain: string;
      readonly freeMail: boolean;
      /** Local part lower-cased: with `domain`, the address for exact-duplicate checks. */
      readonly lowerLocal: string;
      /** The mailbox the provider delivers to, Gmail dots and +tags folded (j.o.hn+x@googlemail.com → john@gmail.com). */
      readonly mailboxLocal: string;
      readonly mailboxDomain: string;
    };

const NO_RISKS: readonly RiskyReason[] = Object.freeze([]);

/**
 * Judge one raw cell value. `traitsOf` looks up what is known about a domain; a file's
 * processing passes its DomainBook so lookups are memoised and counted per file.
 */
export function analyzeAddress(raw: string, traitsOf: (domain: string) => DomainTraits = classifyDomain): AddressAnalysis {
  const syntax = checkAddressSyntax(raw.trim());
  if (!syntax.ok) {
    // The domain's own problems too (a reserved name), so the row lists every reason it has.
    const domainProblems = syntax.domain === null ? NO_DOMAIN_PROBLEMS : classifyDomain(syntax.domain).problems;
    const problems = domainProblems.length === 0 ? syntax.problems : [...syntax.problems, ...domainProblems];
    const typoOf = syntax.local !== null && syntax.domainHint !== null ? suggestDomain(syntax.domainHint) : null;
    const typo = typoOf !== null && !isReservedDomain(typoOf) ? typoOf : null;
    const suggestion = syntax.withoutComments ?? (typo === null ? null : `${syntax.local}@${typo}`);
    return invalid(problems, suggestion);
  }

  const { local, domain } = syntax;
  const traits = traitsOf(domain);
  if (traits.problems.length !== 0) return invalid(traits.problems, null);
  const lowerLocal = local.toLowerCase();
  const isRole = roleLocalParts.has(stripTag(lowerLocal));
  const suggestion = traits.suggestion === null ? null : `${local}@${traits.suggestion}`;
  // Most addresses carry no risk: skip building arrays and sentences for them.
  let reasons = NO_RISKS;
  let message = "";
  if (traits.disposable || suggestion !== null || isRole || !syntax.localIsAscii) {
    const found: RiskyReason[] = [];
    if (traits.disposable) found.push("disposable");
    if (suggestion !== null) found.push("possible_typo");
    if (isRole) found.push("role_account");
    if (!syntax.localIsAscii) found.push("non_ascii_local_part");
    reasons = found;
    message = found.map((reason) => (reason === "possible_typo" ? `Did you mean ${suggestion}?` : reasonText[reason])).join(" ");
  }
  return {
    verdict: reasons.length === 0 ? "valid" : "risky",
    reasons,
    message,
    suggestion,
    normalized: syntax.address,
    domain,
    freeMail: traits.freeMail,
    lowerLocal,
    // The same strings when nothing folds, so the duplicate check compares by identity.
    mailboxLocal: traits.aliasRule === "none" ? lowerLocal : foldLocalPart(lowerLocal, traits.aliasRule),
    mailboxDomain: traits.aliasRule === "gmail" ? "gmail.com" : domain,
  };
}

function invalid(problems: readonly SyntaxProblem[], suggestion: string | null): AddressAnalysis {
  const message = problems.map((problem) => problem.message).join(" ");
  return {
    verdict: "invalid",
    reasons: problems.map((problem) => problem.reason),
    message: suggestion === null ? message : `${message} Did you mean ${suggestion}?`,
    suggestion,
    normalized: null,
    domain: null,
    freeMail: false,
    lowerLocal: null,
    mailboxLocal: null,
    mailboxDomain: null,
  };
}

function stripTag(lowerLocal: string): string {
  const plus = lowerLocal.indexOf("+");
  return plus > 0 ? lowerLocal.slice(0, plus) : lowerLocal;
}
