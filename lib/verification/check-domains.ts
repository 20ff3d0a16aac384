// The seam for network checks of a domain (an MX lookup, later). Processing calls an
// injected function once per distinct domain, a few at a time, and remembers answers;
// the function brings its own timeout. Without one, nothing here runs.
import type { AddressAnalysis } from "./analyze-address";

export type DomainCheckResult =
  | { readonly verdict: "ok" }
  | { readonly verdict: "invalid"; readonly reason: "domain_not_found" | "no_mail_server" }
  | { readonly verdict: "risky"; readonly reason: "domain_check_failed" };

/** Checks one lower-case ASCII domain. Should stop when `signal` aborts. */
export type CheckDomain = (domain: string, signal: AbortSignal) => Promise<DomainCheckResult>;

// Bounded like the other per-domain caches: flat memory on a long tail of domains.
const CACHE_LIMIT = 20_000;
const FAILED: DomainCheckResult = { verdict: "risky", reason: "domain_check_failed" };

export class DomainChecker {
  private readonly cache = new Map<string, DomainCheckResult>();
  private readonly signal: AbortSignal;

  constructor(
    private readonly check: CheckDomain,
    private readonly concurrency: number,
    signal: AbortSignal | undefined,
  ) {
    this.signal = signal ?? new AbortController().signal;
  }

  /** Results for every domain among `analyses`, checking the ones not cached yet. */
  async checkAll(analyses: readonly (AddressAnalysis | null)[]): Promise<ReadonlyMap<string, DomainCheckResult>> {
    const results = new Map<string, DomainCheckResult>();
    const wanted = new Set<string>();
    for (const analysis of analyses) {
      if (analysis?.domain != null) wanted.add(analysis.domain);
    }
    const missing: string[] = [];
    for (const domain of wanted) {
      const cached = this.cache.get(domain);
      if (cached === undefined) missing.push(domain);
      else results.set(domain, cached);
    }
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const domain = missing[next++] ?? "";
        const result = await this.checkOne(domain);
        results.set(domain, result);
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(domain, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, missing.length) }, worker));
    return results;
  }

  // A failing lookup must not fail the file: the address is only marked risky.
  private async checkOne(domain: string): Promise<DomainCheckResult> {
    this.signal.throwIfAborted();
    try {
      return await this.check(domain, this.signal);
    } catch {
      if (this.signal.aborted) throw this.signal.reason;
      return FAILED;
    }
  }
}
