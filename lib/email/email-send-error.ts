// The one error a transport throws. It carries what retry logic needs to decide
// between "wait and try again" (429, 5xx, network) and "give up" (other 4xx).
import type { EmailTransportKind } from "../env";

export type EmailSendErrorDetails = {
  transport: EmailTransportKind;
  /** HTTP status for Resend, SMTP reply code for SMTP; null when no answer came back. */
  statusCode: number | null;
  /** A stable, machine-readable reason, e.g. Resend's "rate_limit_exceeded" or nodemailer's "ECONNECTION". */
  code: string;
  /** Whether trying the same message again later can succeed. */
  retryable: boolean;
  /** From the provider's Retry-After header, when it sent one. */
  retryAfterSeconds?: number;
};

export class EmailSendError extends Error {
  readonly transport: EmailTransportKind;
  readonly statusCode: number | null;
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: EmailSendErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmailSendError";
    this.transport = details.transport;
    this.statusCode = details.statusCode;
    this.code = details.code;
    this.retryable = details.retryable;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export function isEmailSendError(error: unknown): error is EmailSendError {
  return error instanceof EmailSendError;
}

/** 429 and 5xx are worth retrying; other 4xx will fail the same way again. */
export function isRetryableHttpStatus(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
