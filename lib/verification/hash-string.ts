// A fast 64-bit hash (cyrb53's two 32-bit lanes, unfolded) for duplicate detection.
// Not cryptographic: a crafted pair of addresses could collide, and the only effect
// would be one row reported as a duplicate in the uploader's own file.

/**
 * Hash the address `local@domain` into `out[at]` and `out[at + 1]` (two 32-bit halves),
 * reading the two parts in place: building the joined string first would make V8
 * copy it into a flat string on every row. Writes into `out` to avoid allocating.
 */
export function hashAddress(local: string, domain: string, out: Uint32Array, at = 0): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < local.length; i++) {
    const code = local.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ 0x40, 2654435761); // "@"
  h2 = Math.imul(h2 ^ 0x40, 1597334677);
  for (let i = 0; i < domain.length; i++) {
    const code = domain.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  mixInto(out, at, h1, h2);
}

/** `hashAddress` for one piece of text (a domain): two 32-bit halves into `out[0]`, `out[1]`. */
export function hashText(text: string, out: Uint32Array | Int32Array): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  mixInto(out, 0, h1, h2);
}

// cyrb53's final mixing of the two lanes, written as the two halves of the hash.
function mixInto(out: Uint32Array | Int32Array, at: number, h1: number, h2: number): void {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[at] = h1;
  out[at + 1] = h2;
}
