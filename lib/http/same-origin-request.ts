// Cross-site request forgery guard for route handlers that a browser reaches with
// the session cookie (server actions have Next.js' own check; the API with tokens
// needs none, since a browser never attaches a token by itself).
//
// Policy, from the headers a browser sets and a page cannot forge:
// - `Sec-Fetch-Site` (sent by every current browser): only `same-origin` passes.
//   `same-site` is refused too: a sibling subdomain is not necessarily ours.
// - no `Sec-Fetch-Site` but an `Origin` (older browsers send it on every POST): it
//   must be APP_URL's origin or the origin the request was addressed to.
// - neither: not a browser (curl, a script holding a copied cookie). Forgery needs a
//   victim's browser, so such a request passes and meets the session check as usual.
import { AppError } from "../errors";

export function assertSameOriginRequest(request: Request, appOrigin: string): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (fetchSite !== null) {
    if (fetchSite === "same-origin") return;
    throw crossSite(`Sec-Fetch-Site: ${fetchSite}`);
  }
  if (origin === null) return;
  if (origin === appOrigin || origin === new URL(request.url).origin) return;
  throw crossSite(`Origin: ${origin}`);
}

function crossSite(seen: string): AppError {
  return new AppError("cross_site_request", "This request came from another site. Upload from Tidings itself.", { seen });
}
