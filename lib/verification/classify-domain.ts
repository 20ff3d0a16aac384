// Everything we know about a domain without asking DNS. The typo search is the costliest
// step of judging an address, so callers memoise: DomainBook per file, or the small
// process-wide cache behind `classifyDomain` for one-off calls.
import { checkDomainPolicy, type DomainProblem, isReservedDomain, NO_DOMAIN_PROBLEMS } from "./check-domain-policy";
import { copyString } from "./copy-string";
import { freeMailDomains, gmailDomains, plusAddressingDomains } from "./domain-lists";
import { isDisposableDomain } from "./is-disposable-domain";
import { suggestDomain } from "./suggest-domain";

export type AliasRule = "gmail" | "plus" | "none";

export type DomainTraits = {
  /** Why no address at this domain can receive mail (reserved name, broken IDNA); usually empty. */
  readonly problems: readonly DomainProblem[];
  readonly disposable: boolean;
  readonly freeMail: boolean;
  /** A corrected domain when this one looks like a typo of a popular provider. */
  readonly suggestion: string | null;
  /** How the provider folds aliases into one mailbox (dots, +tags). */
  readonly aliasRule: AliasRule;
};

/** Traits of a lower-case ASCII (punycode) domain, computed afresh. */
export function computeDomainTraits(domain: string): DomainTraits {
  const problems = checkDomainPolicy(domain);
  const typoOf = problems === NO_DOMAIN_PROBLEMS ? suggestDomain(domain) : null;
  // Never suggest a name that cannot receive mail either (example.con → example.com).
  const suggestion = typoOf !== null && !isReservedDomain(typoOf) ? typoOf : null;
  return {
    problems,
    // A slip for a provider's name (gmial.com) is a typo to correct, even when someone
    // registered it to catch the mistyped mail: the person meant the provider.
    disposable: suggestion === null && isDisposableDomain(domain),
    freeMail: freeMailDomains.has(domain),
    suggestion,
    aliasRule: gmailDomains.has(domain) ? "gmail" : plusAddressingDomains.has(domain) ? "plus" : "none",
  };
}

// Bounded so memory stays flat; when full it starts over, which keeps the code obvious.
const CACHE_LIMIT = 5_000;
const cache = new Map<string, DomainTraits>();

/** Traits of a lower-case ASCII (punycode) domain, from a small process-wide cache. */
export function classifyDomain(domain: string): DomainTraits {
  const cached = cache.get(domain);
  if (cached !== undefined) return cached;
  const traits = computeDomainTraits(domain);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(copyString(domain), traits);
  return traits;
}
