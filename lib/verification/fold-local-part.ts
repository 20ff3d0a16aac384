// Folds the spellings a provider delivers to one mailbox: Gmail ignores dots and
// anything after "+"; other providers (plusAddressingDomains) ignore only the +tag.
import type { AliasRule } from "./classify-domain";

/** The mailbox's local part for a lower-cased local part under `rule`. */
export function foldLocalPart(lowerLocal: string, rule: Exclude<AliasRule, "none">): string {
  // Quoted local parts are taken literally: "a.b"@gmail.com is rare and not worth guessing.
  if (lowerLocal.startsWith('"')) return lowerLocal;
  const plus = lowerLocal.indexOf("+");
  // A local part that is only a tag ("+news") has no base mailbox to fold into.
  const base = plus > 0 ? lowerLocal.slice(0, plus) : lowerLocal;
  return rule === "gmail" ? base.replaceAll(".", "") : base;
}
