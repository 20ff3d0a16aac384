// The one error type for expected failures. Route handlers and server actions map
// it to a status and a JSON body `{ error: { code, message, details? } }`; anything
// else is unexpected, logged with context and answered 500 without internals.

export const errorStatus = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  // A provider webhook whose signature does not match, or whose timestamp is too old to trust.
  invalid_signature: 401,
  stale_webhook: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // An upload named a new extra recipient beyond a daily cap (lib/recipient-consent/).
  recipient_limit_reached: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
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
