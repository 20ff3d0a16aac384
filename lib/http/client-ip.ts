// The caller's IP, for rate limits only (never for access decisions).
//
// Proxies append the address they saw to X-Forwarded-For, so the trustworthy entry
// is the one our nearest trusted proxy wrote: TRUSTED_PROXY_HOPS from the right.
// Without a proxy (0), Next.js fills the header with the socket address only when
// the client sent none, so a client can pick its own: per-address limits apply too.
export function clientIp(headers: Headers, trustedProxyHops: number): string | null {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const index = trustedProxyHops === 0 ? hops.length - 1 : hops.length - trustedProxyHops;
  return hops[Math.max(0, index)] ?? headers.get("x-real-ip")?.trim() ?? null;
}
