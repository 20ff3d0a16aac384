// "Did you mean gmail.com?" — suggestions for domains that are one slip away from a
// provider people use every day. Called once per distinct domain (see classify-domain.ts),
// so clarity beats speed here, but the edit check is still linear, not a full matrix.
import { freeMailDomains, tldTypos, typoTargetDomains } from "./domain-lists";

type SingleEdit =
  | { kind: "substitution"; typed: string; intended: string }
  | { kind: "transposition" }
  | { kind: "insertion" };

// Short targets such as live.com or aol.com sit one edit away from many real company
// domains (love.com, al.com), so for them only a swapped pair of letters counts.
const SHORT_TARGET_LENGTH = 9;

// A wrong letter is a typo when the finger hit a neighbouring key (gnail, hotmaik);
// wahoo.com is a company, not a slip for yahoo.com.
const qwertyRows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const qwertyNeighbours = buildNeighbourMap(qwertyRows);

/** A corrected domain for a likely typo, or null when the domain looks intended. */
export function suggestDomain(domain: string): string | null {
  if (freeMailDomains.has(domain)) return null;
  const tldFixed = fixTld(domain);
  if (tldFixed !== null && freeMailDomains.has(tldFixed)) return tldFixed;
  const nearTarget = findNearTarget(tldFixed ?? domain);
  return nearTarget ?? tldFixed;
}

function fixTld(domain: string): string | null {
  const lastDot = domain.lastIndexOf(".");
  if (lastDot === -1) return null;
  const fixed = tldTypos.get(domain.slice(lastDot + 1));
  return fixed === undefined ? null : `${domain.slice(0, lastDot + 1)}${fixed}`;
}

// Targets by length: a single edit changes length by at most one.
const targetsByLength = new Map<number, string[]>();
for (const target of typoTargetDomains) {
  const list = targetsByLength.get(target.length) ?? [];
  list.push(target);
  targetsByLength.set(target.length, list);
}

function findNearTarget(domain: string): string | null {
  for (const length of [domain.length, domain.length + 1, domain.length - 1]) {
    for (const target of targetsByLength.get(length) ?? []) {
      const edit = findSingleEdit(domain, target);
      if (edit === null) continue;
      if (edit.kind === "transposition") return target;
      if (target.length < SHORT_TARGET_LENGTH) continue;
      if (edit.kind === "substitution" && !qwertyNeighbours.get(edit.intended)?.has(edit.typed)) continue;
      return target;
    }
  }
  return null;
}

/** The single edit that turns typed `a` into intended `b` (OSA distance 1), or null. */
export function findSingleEdit(a: string, b: string): SingleEdit | null {
  const lengthA = a.length;
  const lengthB = b.length;
  if (a === b || Math.abs(lengthA - lengthB) > 1) return null;
  const shortest = Math.min(lengthA, lengthB);
  let prefix = 0;
  while (prefix < shortest && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  // Matching characters at the end, not overlapping the common prefix.
  let suffix = 0;
  while (suffix < shortest - prefix && a.charCodeAt(lengthA - 1 - suffix) === b.charCodeAt(lengthB - 1 - suffix)) suffix++;
  if (lengthA !== lengthB) return prefix + suffix >= shortest ? { kind: "insertion" } : null;
  if (prefix + suffix === lengthA - 1) return { kind: "substitution", typed: a.charAt(prefix), intended: b.charAt(prefix) };
  const swapped = prefix + suffix === lengthA - 2 && a[prefix] === b[prefix + 1] && a[prefix + 1] === b[prefix];
  return swapped ? { kind: "transposition" } : null;
}

function buildNeighbourMap(rows: readonly string[]): ReadonlyMap<string, ReadonlySet<string>> {
  const neighbours = new Map<string, Set<string>>();
  const add = (key: string, neighbour: string | undefined) => {
    if (neighbour === undefined || neighbour === "") return;
    const set = neighbours.get(key) ?? new Set<string>();
    set.add(neighbour);
    neighbours.set(key, set);
  };
  rows.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      const key = row.charAt(c);
      add(key, row.charAt(c - 1));
      add(key, row.charAt(c + 1));
      // Rows are staggered: a key touches the keys at the same and next index above and below.
      for (const other of [rows[r - 1], rows[r + 1]]) {
        if (other === undefined) continue;
        add(key, other.charAt(c));
        add(key, c > 0 ? other.charAt(c - 1) : undefined);
        add(key, other.charAt(c + 1));
      }
    }
  });
  return neighbours;
}
