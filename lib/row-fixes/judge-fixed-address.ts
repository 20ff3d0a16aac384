// An address typed or accepted by hand is judged by the same rules as the file's rows
// (syntax, mailing policy, reserved and typo domains) before it goes into the corrected
// list. MX lookups are the worker's: a person waiting on a click does not wait on DNS.
import { AppError } from "../errors";
import { analyzeAddress } from "../verification/analyze-address";

export type JudgedAddress = {
  /** What goes into the corrected list's normalized_email column. */
  readonly normalized: string;
  /** Risks that remain (a role address, a disposable domain): said, not refused. */
  readonly warning: string | null;
};

/** The address as the corrected list will hold it; validation_failed, with the reason in words, when it still cannot receive mail. */
export function judgeFixedAddress(input: string): JudgedAddress {
  const analysis = analyzeAddress(input);
  if (analysis.verdict === "invalid") {
    const hint = analysis.suggestion === null ? "" : ` Did you mean ${analysis.suggestion}?`;
    throw new AppError("validation_failed", `“${input.trim().slice(0, 254)}” is still not a valid address: ${analysis.message}${hint}`, {
      reasons: analysis.reasons,
    });
  }
  return { normalized: analysis.normalized, warning: analysis.verdict === "risky" ? analysis.message : null };
}
