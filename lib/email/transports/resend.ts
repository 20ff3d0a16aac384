// Sends through Resend's HTTP API with the official SDK. The base URL is explicit so
// tests can point it at a local Resend-compatible server.
import { Resend, type ErrorResponse } from "resend";
import { EmailSendError, isRetryableHttpStatus, parseRetryAfter } from "../email-send-error";
import type { EmailTransport, OutgoingEmail } from "./types";

export const RESEND_DEFAULT_BASE_URL = "https://api.resend.com";

export type ResendTransportSettings = {
  apiKey: string;
  baseUrl?: string;
  /** Waits for a slot in the shared requests-per-second budget before each request. */
  pace?: () => Promise<void>;
};

export function createResendTransport({ apiKey, baseUrl, pace = async () => {} }: ResendTransportSettings): EmailTransport {
  // Always pass a base URL: otherwise the SDK falls back to reading process.env itself.
  const client = new Resend(apiKey, { baseUrl: (baseUrl ?? RESEND_DEFAULT_BASE_URL).replace(/\/+$/, "") });

  return {
    kind: "resend",
    async send(message: OutgoingEmail) {
      await pace();
      const { data, error, headers } = await client.emails.send(
        toResendPayload(message),
        message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : undefined,
      );
      if (error) throw toEmailSendError(error, headers);
      return { providerMessageId: data.id };
    },
    async sendBatch(messages: OutgoingEmail[], idempotencyKey: string) {
      await pace();
      // "strict" (the default): one invalid message refuses the whole call, so a
      // refused call sent nothing and its messages can safely be tried one by one.
      const { data, error, headers } = await client.batch.send(messages.map(toResendPayload), { idempotencyKey, batchValidation: "strict" });
      if (error) throw toEmailSendError(error, headers);
      if (data.data.length !== messages.length) {
        throw new EmailSendError(`Resend answered ${data.data.length} ids for ${messages.length} emails`, {
          transport: "resend",
          statusCode: null,
          code: "unexpected_batch_answer",
          retryable: false,
        });
      }
      return { providerMessageIds: data.data.map((email) => email.id) };
    },
    async close() {
      // Plain fetch calls: nothing pooled to release.
    },
  };
}

function toResendPayload(message: OutgoingEmail) {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: message.headers,
    tags: message.tags.length > 0 ? message.tags : undefined,
  };
}

/** The SDK returns errors instead of throwing; turn them into something retry logic can classify. */
function toEmailSendError(error: ErrorResponse, headers: Record<string, string> | null): EmailSendError {
  // Resend's error body carries statusCode; the SDK leaves it null when no response came back.
  const statusCode = typeof error.statusCode === "number" ? error.statusCode : null;
  const retryable =
    isRetryableHttpStatus(statusCode) ||
    // Another request with the same key is still in flight: the answer will settle.
    error.name === "concurrent_idempotent_requests";
  return new EmailSendError(`Resend rejected the email: ${error.message}`, {
    transport: "resend",
    statusCode,
    code: error.name,
    retryable,
    retryAfterSeconds: parseRetryAfter(headers?.["retry-after"]),
  });
}
