// Disposable-domain lookup backed by disposable-email-domains-js, which republishes the
// community-maintained disposable-email-domains list and ships the data in the package
// (no network at run time). Loaded once per process: ~9k domains, well under 1 MB.
import { disposableEmailBlocklistSet } from "disposable-email-domains-js";

const disposableDomains: ReadonlySet<string> = disposableEmailBlocklistSet();

/** True for a listed domain or any subdomain of one (x.mailinator.com). Expects lower-case ASCII. */
export function isDisposableDomain(domain: string): boolean {
  let candidate = domain;
  for (;;) {
    if (disposableDomains.has(candidate)) return true;
    const dot = candidate.indexOf(".");
    // Stop before the bare TLD: no list entry is a whole top-level domain.
    if (dot === -1 || candidate.indexOf(".", dot + 1) === -1) return false;
    candidate = candidate.slice(dot + 1);
  }
}
