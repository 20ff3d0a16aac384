// The one error type for expected failures. Route handlers and server actions map
// it to a status and a JSON body `{ error: { code, message, details? } }`; anything
// else is unexpected, logged with context and answered 500 without internals, except
// the database or the file store being away, which is expected too: a 503 that says
// to try again.
import { isDatabaseUnavailable } from "./db/is-database-unavailable";
import { isStorageUnavailable } from "./storage/storage-unavailable";

export const errorStatus = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  // A provider webhook whose signature does not match, or whose timestamp is too old to trust.
  invalid_signature: 401,
  stale_webhook: 401,
  forbidden: 403,
  // A browser request with the session cookie that another site started (lib/http/same-origin-request.ts).
  cross_site_request: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // An upload named a new extra recipient beyond a daily cap (lib/recipient-consent/).
  recipient_limit_reached: 429,
  unavailable: 503,
  // The database (or another part Tidings cannot work without) is away for now; see serviceUnavailable().
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Response headers the answer must carry, e.g. a 401's WWW-Authenticate challenge (RFC 9110 §11.6.1). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** How long a client should wait before retrying while the database is away: about one restart of it. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database (or the file store) is away: a person is not signed out or refused, only asked to retry. */
export function serviceUnavailable(): AppError {
  return new AppError("service_unavailable", "Tidings is temporarily unavailable. Please try again in a few seconds.", {
    retryAfterSeconds: SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
  });
}

/**
 * The expected failure an error stands for, or null when it is a bug: an AppError
 * as it is, the database or the file store (S3 unreachable, 5xx, throttling; a full
 * disk) being unavailable as serviceUnavailable(). Route handlers,
 * server actions and pages all decide through this one function.
 */
export function expectedError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error) || isStorageUnavailable(error)) return serviceUnavailable();
  return null;
}

export function isServiceUnavailable(error: unknown): boolean {
  return expectedError(error)?.code === "service_unavailable";
}
