// Where a webhook may be sent. Two checks, because a name can change what it points
// to after it was saved: the URL's form when an endpoint is saved, and the addresses
// its host resolves to right before each request (the request then connects to the
// address checked here, so DNS cannot answer differently in between).
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { z } from "zod";
import { env } from "../env";
import { classifyAddress, type AddressKind } from "./classify-address";

export const MAX_ENDPOINT_URL_LENGTH = 2048;

export type EndpointUrlRules = {
  /** http:// as well as https:// (development and tests). */
  allowHttp: boolean;
  /** Private, loopback, link-local… targets (WEBHOOK_ALLOW_PRIVATE_TARGETS). */
  allowPrivate: boolean;
};

/** The rules of this process: https only in production, private targets only when the setting allows. */
export function currentEndpointUrlRules(): EndpointUrlRules {
  const settings = env();
  return { allowHttp: settings.APP_ENV !== "production", allowPrivate: settings.WEBHOOK_ALLOW_PRIVATE_TARGETS };
}

const kindWords: Record<Exclude<AddressKind, "public">, string> = {
  private: "a private network address",
  loopback: "this machine (loopback)",
  link_local: "a link-local address",
  cgnat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  unspecified: "an unspecified address",
  reserved: "a reserved address",
};

/** The URL's host without IPv6 brackets: "[::1]" → "::1". */
function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** A URL people may save as an endpoint, normalised (e.g. host lower-cased). */
export function endpointUrlSchema(rules: EndpointUrlRules) {
  return z
    .string()
    .trim()
    .min(1, "Enter the URL to send webhooks to")
    .max(MAX_ENDPOINT_URL_LENGTH, `Use at most ${MAX_ENDPOINT_URL_LENGTH} characters`)
    .transform((value, ctx) => {
      const url = URL.parse(value);
      const problem = !url ? "Enter a full URL, e.g. https://example.com/webhooks" : urlProblem(url, rules);
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      return url!.href;
    });
}

function urlProblem(url: URL, rules: EndpointUrlRules): string | null {
  if (url.protocol !== "https:" && !(rules.allowHttp && url.protocol === "http:")) {
    return rules.allowHttp ? "Use an http:// or https:// URL" : "Use an https:// URL";
  }
  // Credentials in a URL end up in logs and in the list of endpoints; receivers verify the signature instead.
  if (url.username || url.password) return "Leave the user name and password out of the URL";
  const host = hostOf(url);
  if (!host) return "Enter a URL with a host name";
  if (rules.allowPrivate) return null;
  // Caught here for a clear message at once; any other name is checked when it is resolved.
  if (host === "localhost" || host.endsWith(".localhost")) return "Webhooks cannot be sent to this machine";
  const kind = isIP(host) ? classifyAddress(host) : "public";
  return kind === "public" ? null : `Webhooks cannot be sent to ${kindWords[kind]}`;
}

/** A webhook URL from a form, checked with this process's rules when parsed (not when imported). */
export const webhookEndpointUrlSchema = z.lazy(() => endpointUrlSchema(currentEndpointUrlRules()));

/** Why a request was not made: the host resolves nowhere, or somewhere webhooks may not go. */
export class WebhookTargetError extends Error {
  constructor(
    readonly reason: "unresolvable" | "forbidden_address",
    message: string,
  ) {
    super(message);
    this.name = "WebhookTargetError";
  }
}

export type ResolvedTarget = { address: string; family: 4 | 6 };
export type LookupAll = (hostname: string) => Promise<ResolvedTarget[]>;

async function lookupAll(hostname: string): Promise<ResolvedTarget[]> {
  const addresses = await lookup(hostname, { all: true, verbatim: true });
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/**
 * Resolves the URL's host and returns the address to connect to. Every address the
 * name has must be allowed, not just the first: otherwise a name with one public and
 * one private address would get through whenever the resolver put the private first.
 */
export async function resolveEndpointTarget(
  url: URL,
  { allowPrivate, resolve = lookupAll }: { allowPrivate: boolean; resolve?: LookupAll },
): Promise<ResolvedTarget> {
  const host = hostOf(url);
  const literal = isIP(host);
  let addresses: ResolvedTarget[];
  try {
    addresses = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await resolve(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new WebhookTargetError("unresolvable", `Could not resolve ${host}${typeof code === "string" ? ` (${code})` : ""}.`);
  }
  const first = addresses[0];
  if (!first) throw new WebhookTargetError("unresolvable", `${host} has no addresses.`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      // The kind, not the address: the person need not learn what internal names resolve to.
      if (kind !== "public") throw new WebhookTargetError("forbidden_address", `${host} points to ${kindWords[kind]}; webhooks are only sent to public addresses.`);
    }
  }
  return first;
}
