// One origin for a development Tidings. APP_URL is http://localhost:PORT by default,
// and the same server answers on 127.0.0.1 and [::1] too; but the session cookie
// belongs to one host, magic links and Auth.js' redirects go to APP_URL's host (Next.js
// also reports every loopback host as "localhost"). So a person who opened
// 127.0.0.1:PORT would sign in on localhost and stay signed out where they were.
// Instead, the sign-in page opened on a loopback alias of APP_URL moves to the same
// page on APP_URL before anyone asks for a link. In production APP_URL is the only
// address that counts and the request's Host is never trusted to build one.

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type LoopbackVisit = {
  /** The Host header as the browser sent it, e.g. "127.0.0.1:3000". */
  host: string | null;
  /** "http:" or "https:", the scheme the request arrived with. */
  protocol: string;
  /** Path and query string of the page, e.g. "/sign-in?callbackUrl=%2Fsettings". */
  pathAndQuery: string;
  appUrl: string;
  production: boolean;
};

/** Where to send a visit on a loopback alias of APP_URL, or null when it is fine where it is. */
export function loopbackAliasRedirect({ host, protocol, pathAndQuery, appUrl, production }: LoopbackVisit): string | null {
  if (production || !host) return null;
  const app = new URL(appUrl);
  if (!LOOPBACK_HOSTNAMES.has(app.hostname)) return null;
  let seen: URL;
  try {
    seen = new URL(`${protocol}//${host}`);
  } catch {
    return null;
  }
  if (!LOOPBACK_HOSTNAMES.has(seen.hostname) || seen.hostname === app.hostname) return null;
  // Same port only: another port on this machine is another server, not an alias.
  if (portOf(seen) !== portOf(app)) return null;
  return `${app.origin}${pathAndQuery}`;
}

function portOf(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}
