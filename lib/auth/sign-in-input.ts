// What a sign-in form or request may carry, parsed once for the page, the server
// action and the Auth.js route alike.
import { z } from "zod";

export const emailAddressSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That address is too long.")
  .pipe(z.email("Enter a valid email address, like you@example.com."));

/**
 * Auth.js' normaliser for sign-in addresses. Ours is stricter than its default, and
 * being the same rule everywhere means no address can get a link without passing
 * the checks (rate limits included) that the form and the route apply first.
 */
export function normalizeSignInEmail(raw: string): string {
  return emailAddressSchema.parse(raw);
}

export const SIGN_IN_PATH = "/sign-in";
const DEFAULT_DESTINATION = "/dashboard";
const PROBE_ORIGIN = "http://tidings.invalid";

/**
 * Where to go after sign-in: a path on this site, or the dashboard. Resolved the
 * way a browser would, so "//evil.example", "/\evil.example" or a tab hidden in
 * "/\t/evil.example" cannot turn into a trip to another site.
 */
export function safeCallbackPath(value: string | undefined): string {
  // Browsers drop tabs and newlines from URLs; anything of the kind is refused outright.
  if (!value || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return DEFAULT_DESTINATION;
  try {
    const url = new URL(value, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN) return DEFAULT_DESTINATION;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return DEFAULT_DESTINATION;
  }
}

export const callbackPathSchema = z.string().optional().transform(safeCallbackPath);

/** The result CSVs and the account export: addresses a browser saves as a file instead of showing. */
const DOWNLOAD_PATH = /^\/api\/(batches\/[^/?#]+\/files\/[^/?#]+\/(cleaned|report)|account\/export)(\?|#|$)/;

/**
 * Whether signing in ends with a download rather than a page: the browser then stays
 * on the page the sign-in started from, so that page says what will happen.
 */
export function isDownloadDestination(path: string): boolean {
  return DOWNLOAD_PATH.test(path);
}

export const signInFormSchema = z.object({
  email: emailAddressSchema,
  callbackUrl: callbackPathSchema,
});

export type SignInForm = z.infer<typeof signInFormSchema>;
