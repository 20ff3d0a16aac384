// One POST to a webhook endpoint, the careful way: the host is resolved and checked
// first (endpoint-url.ts) and the connection goes to exactly that address; redirects
// are not followed (the answer is reported as it is); the whole exchange has a
// deadline; only the first 2 KB of the answer are read.
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveEndpointTarget, WebhookTargetError, type LookupAll, type ResolvedTarget } from "./endpoint-url";

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What is kept of an endpoint's answer. */
export const RESPONSE_BODY_LIMIT_BYTES = 2048;

export type PostWebhookInput = {
  url: string;
  /** The signature headers; content type and user agent are added. */
  headers: Record<string, string>;
  body: string;
  allowPrivate: boolean;
  timeoutMs?: number;
  /** The job's signal: a stopping worker abandons the request (and the job is retried). */
  signal?: AbortSignal;
  /** Tests resolve names their own way. */
  resolve?: LookupAll;
};

export type PostWebhookResult =
  | { kind: "response"; status: number; responseBody: string; location: string | null; durationMs: number }
  | { kind: "error"; reason: "forbidden_address" | "unresolvable" | "timeout" | "aborted" | "network"; error: string; durationMs: number };

export async function postWebhook(input: PostWebhookInput): Promise<PostWebhookResult> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const timeoutMs = input.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = input.signal ? AbortSignal.any([deadline, input.signal]) : deadline;
  const url = new URL(input.url);
  try {
    const target = await abortable(resolveEndpointTarget(url, { allowPrivate: input.allowPrivate, resolve: input.resolve }), signal);
    const response = await send(url, target, input, signal);
    return { kind: "response", ...response, durationMs: elapsed() };
  } catch (error) {
    const durationMs = elapsed();
    if (error instanceof WebhookTargetError) return { kind: "error", reason: error.reason, error: error.message, durationMs };
    if (deadline.aborted) return { kind: "error", reason: "timeout", error: `No answer within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}.`, durationMs };
    if (signal.aborted) return { kind: "error", reason: "aborted", error: "Stopped before an answer came (the worker was shutting down).", durationMs };
    return { kind: "error", reason: "network", error: networkErrorText(error), durationMs };
  }
}

function send(url: URL, target: ResolvedTarget, input: PostWebhookInput, signal: AbortSignal) {
  return new Promise<{ status: number; responseBody: string; location: string | null }>((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(input.body)),
        "user-agent": "Tidings-Webhooks/1",
        ...input.headers,
      },
      // The checked address, whatever DNS says now. TLS still verifies the certificate
      // against the URL's host name (SNI and the check use the host, not the address).
      lookup: pinnedLookup(target),
      // A fresh connection: a pooled one could lead to an address checked for another request.
      agent: false,
      signal,
    });
    request.on("error", reject);
    request.on("response", (response) => {
      readLimited(response).then(
        (responseBody) => resolve({ status: response.statusCode ?? 0, responseBody, location: headerText(response.headers.location) }),
        reject,
      );
    });
    request.end(input.body);
  });
}

function pinnedLookup(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    // With autoSelectFamily (on by default) Node asks for every address at once.
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/** The start of the answer as text; the rest is not waited for. */
function readLimited(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      // Postgres text cannot hold NUL; a cut multi-byte character becomes U+FFFD.
      resolve(new TextDecoder().decode(Buffer.concat(chunks)).replaceAll("\u0000", "\uFFFD"));
    };
    response.on("data", (chunk: Buffer) => {
      chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT_BYTES - size));
      size = Math.min(RESPONSE_BODY_LIMIT_BYTES, size + chunk.length);
      if (size >= RESPONSE_BODY_LIMIT_BYTES) {
        response.destroy();
        finish();
      }
    });
    response.on("end", finish);
    response.on("error", reject);
  });
}

function headerText(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function networkErrorText(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return `Could not complete the request: ${typeof code === "string" && !message.includes(code) ? `${code} ` : ""}${message}`.slice(0, 500);
}
