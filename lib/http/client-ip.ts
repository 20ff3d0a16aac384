// The caller's IP as the nearest proxy reports it. Used for rate limits only,
// never for access decisions: a client can forge these headers when no proxy
// strips them, which is why per-address limits apply as well.
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
