// The List-Unsubscribe headers of RFC 2369 / RFC 8058 one-click unsubscribe, for
// every non-transactional email. Transactional mail (sign-in links) carries none.
import { env } from "../env";

export interface UnsubscribeHeaders {
  "List-Unsubscribe": string;
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click";
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The one-click address of a token: `${APP_URL}/u/${token}`. */
export function unsubscribeUrl(token: string, appUrl: string = env().APP_URL): string {
  if (!TOKEN_PATTERN.test(token)) throw new Error("not an unsubscribe token");
  return `${appUrl.replace(/\/+$/, "")}/u/${token}`;
}

/** Both headers RFC 8058 asks for. The URL is checked so it cannot break out of the header. */
export function unsubscribeHeaders(url: string): UnsubscribeHeaders {
  if (!/^https?:\/\/[\x21-\x7e]+$/.test(url) || /[<>,]/.test(url) || !URL.canParse(url)) {
    throw new Error("List-Unsubscribe needs an absolute http(s) URL without spaces, commas or angle brackets");
  }
  return {
    "List-Unsubscribe": `<${url}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
