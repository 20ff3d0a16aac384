// The security headers of every response, in one place. proxy.ts sets them on
// everything it sees (pages, API, downloads, unsubscribe links, 404s); next.config.js
// sets the ones that need no request (no nonce, no setting) on the static assets the
// proxy skips. Free of Next.js so the tests and scripts can read the same values.
import { randomBytes } from "node:crypto";

/** Two years: what the HSTS preload list asks for, and what the Observatory rewards. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * Sign-in links (/api/auth/callback/…?token=) and unsubscribe links (/u/<token>)
 * carry their secret in the address, so a Referer must never leave the site.
 * Not `no-referrer`: with it, browsers send `Origin: null` on the app's own POSTs
 * (Fetch standard, "append a request Origin header"), and Next.js refuses server
 * actions whose Origin does not match.
 */
export const REFERRER_POLICY = "same-origin";

/** Headers that are the same on every response, static assets included. */
export const STATIC_SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": REFERRER_POLICY,
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
} as const;

export type SecurityContext = {
  /** A fresh value per request; it lets the page's own inline scripts run and nothing else. */
  nonce: string;
  /** APP_URL is https: add HSTS and upgrade stray http:// subresources. */
  https: boolean;
  /** `next dev`: React's dev build needs eval and Next injects styles from JS. */
  development: boolean;
};

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The policy of every page and API answer. `default-src 'none'` so anything not
 * named is refused; scripts only by nonce ('strict-dynamic' lets Next's own
 * bootstrap load its chunks); no inline styles in production (no `style=` in our
 * markup: the CSS modules say it all); nobody may frame us, post our forms elsewhere
 * or move the base URL.
 */
export function pageContentSecurityPolicy({ nonce, https, development }: SecurityContext): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'none'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", ...(development ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    // The email previews (dev mailbox, settings) show each message in a sandboxed frame of our own.
    "frame-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
  };
  return serialize(directives, https);
}

/**
 * The policy of an email shown in our own preview frame: the email's inline styles
 * and remote images, but no script, form, plugin or base change, and only our own
 * pages may frame it. `sandbox` repeats the frame's own attribute, so opening the
 * frame's address directly is just as harmless.
 */
export function emailFrameContentSecurityPolicy({ https }: Pick<SecurityContext, "https">): string {
  return serialize(
    {
      "default-src": ["'none'"],
      "style-src": ["'unsafe-inline'"],
      "img-src": ["https:", "http:", "data:"],
      "font-src": ["https:", "data:"],
      "form-action": ["'none'"],
      "base-uri": ["'none'"],
      "object-src": ["'none'"],
      "frame-ancestors": ["'self'"],
      // allow-same-origin lets the previewing page read the email's height (no script runs here to abuse it).
      sandbox: ["allow-popups", "allow-popups-to-escape-sandbox", "allow-same-origin"],
    },
    https,
  );
}

export type FramePolicy = "deny" | "same-origin";

/** Every header a response from the proxy carries. */
export function securityHeaders(context: SecurityContext & { frame: FramePolicy }): Record<string, string> {
  return {
    ...STATIC_SECURITY_HEADERS,
    "content-security-policy": context.frame === "deny" ? pageContentSecurityPolicy(context) : emailFrameContentSecurityPolicy(context),
    "x-frame-options": context.frame === "deny" ? "DENY" : "SAMEORIGIN",
    ...(context.https ? { "strict-transport-security": `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` } : {}),
  };
}

function serialize(directives: Record<string, string[]>, https: boolean): string {
  const parts = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(" ")}`);
  if (https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}
