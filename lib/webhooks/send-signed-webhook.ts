// Signs a body for one endpoint, POSTs it, records the attempt and says what the
// answer means: shared by the queued delivery and the "Send test event" button.
import { env } from "../env";
import { postWebhook, type PostWebhookInput, type PostWebhookResult } from "./post-webhook";
import { recordWebhookAttempt } from "./record-webhook-attempt";
import { standardWebhookHeaders } from "./standard-webhooks";

/**
 * delivered: a 2xx. rejected: the endpoint (or its address) will not take it, and
 * sending the same again cannot help — other 4xx, redirects, forbidden addresses.
 * retryable: 5xx, 408, 429, timeouts, connection and DNS errors.
 */
export type WebhookOutcome = "delivered" | "rejected" | "retryable";

export type WebhookSendResult = {
  outcome: WebhookOutcome;
  status: number | null;
  durationMs: number;
  /** What went wrong, in words for the person; null when delivered. */
  error: string | null;
  attemptId: string;
};

export type SignedWebhookInput = {
  endpoint: { id: string; url: string; secret: string };
  /** The webhook-id header: stable across retries of one message. */
  webhookId: string;
  eventType: string;
  body: string;
  deliveryId: string | null;
  signal?: AbortSignal;
  /** Defaults to WEBHOOK_ALLOW_PRIVATE_TARGETS. */
  allowPrivate?: boolean;
  resolve?: PostWebhookInput["resolve"];
};

export async function sendSignedWebhook(input: SignedWebhookInput): Promise<WebhookSendResult> {
  // Signed at send time: every retry carries a fresh timestamp, as receivers reject old ones.
  const headers = standardWebhookHeaders(input.endpoint.secret, input.webhookId, input.body);
  const result = await postWebhook({
    url: input.endpoint.url,
    headers,
    body: input.body,
    allowPrivate: input.allowPrivate ?? env().WEBHOOK_ALLOW_PRIVATE_TARGETS,
    signal: input.signal,
    resolve: input.resolve,
  });
  const { outcome, error } = interpret(result);
  const attempt = await recordWebhookAttempt({
    endpointId: input.endpoint.id,
    deliveryId: input.deliveryId,
    eventType: input.eventType,
    webhookId: input.webhookId,
    requestBody: input.body,
    responseStatus: result.kind === "response" ? result.status : null,
    responseBody: result.kind === "response" ? result.responseBody : null,
    error: result.kind === "error" || (result.kind === "response" && isRedirect(result.status)) ? error : null,
    durationMs: result.durationMs,
  });
  return { outcome, status: result.kind === "response" ? result.status : null, durationMs: result.durationMs, error, attemptId: attempt.id };
}

const isRedirect = (status: number) => status >= 300 && status < 400;

function interpret(result: PostWebhookResult): { outcome: WebhookOutcome; error: string | null } {
  if (result.kind === "error") {
    // A forbidden address stays forbidden; anything else may be gone on the next try.
    return { outcome: result.reason === "forbidden_address" ? "rejected" : "retryable", error: result.error };
  }
  const { status } = result;
  if (status >= 200 && status < 300) return { outcome: "delivered", error: null };
  if (isRedirect(status)) {
    const to = result.location ? ` to ${result.location.slice(0, 300)}` : "";
    return { outcome: "rejected", error: `The endpoint answered ${status}, a redirect${to}. Redirects are not followed: save the final URL instead.` };
  }
  if (status === 408 || status === 429 || status >= 500) return { outcome: "retryable", error: `The endpoint answered ${status}.` };
  return { outcome: "rejected", error: `The endpoint refused the webhook with ${status}.` };
}
