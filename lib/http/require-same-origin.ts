// Cross-site request forgery guard for routes a browser reaches with the session
// cookie (the dashboard's upload). Server actions check this themselves; route
// handlers do not. A browser says where a request comes from: `Sec-Fetch-Site` (every
// current browser) and `Origin` (on every POST). A request either header marks as from
// another site is refused. One with neither is not from a browser, which is what CSRF
// needs, so it is let through (curl with a copied cookie is the cookie's owner).
import { env } from "../env";
import { AppError } from "../errors";

export function requireSameOrigin(headers: Headers, appUrl: string = env().APP_URL): void {
  const site = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  const crossSite = (site !== null && site !== "same-origin") || (origin !== null && origin !== new URL(appUrl).origin);
  if (crossSite) {
    throw new AppError("forbidden", "This request came from another website. Upload from the Tidings dashboard, or use the REST API with a token.", {
      reason: "cross_site",
    });
  }
}
