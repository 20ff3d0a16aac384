// The Content-Disposition that makes a browser save a download under a given name.

/**
 * `attachment; filename="…"` with an ASCII fallback for old clients, plus the exact
 * name as `filename*` (RFC 6266 / RFC 5987) when it has other characters.
 */
export function attachmentDisposition(fileName: string): string {
  // Quotes, backslashes, control and non-ASCII characters cannot stand in a quoted string.
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_") || "download";
  if (fallback === fileName) return `attachment; filename="${fallback}"`;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
