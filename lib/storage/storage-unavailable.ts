// Is this storage error the store being away for a while — an S3 endpoint that does
// not answer, answers 5xx or asks to slow down; a local disk that is full or out of
// file handles — rather than something no retry can fix (a missing object, a refused
// signature, an invalid key)? The worker retries the first kind for as long as an
// outage plausibly lasts, and fails a file for good only for the second.

/** Node's socket and DNS errors when a server is not there or went away, and the local disk's passing troubles. */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  // Local disk: full, out of file handles, busy, or a device error (an NFS mount that went away).
  "ENOSPC",
  "EDQUOT",
  "EMFILE",
  "ENFILE",
  "EAGAIN",
  "EBUSY",
  "EIO",
  "ESTALE",
]);

/** The S3 error names (and the SDK's own) for throttling, a timeout or the service being unavailable. */
const TRANSIENT_S3_NAMES = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestTimeout",
  "RequestTimeoutException",
  "ServiceUnavailable",
  "InternalError",
  "TimeoutError",
]);

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
};

export function isStorageUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  const shape = error as ErrorLike;
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === "number" && (status >= 500 || status === 429 || status === 408)) return true;
  if (typeof shape.code === "string" && TRANSIENT_CODES.has(shape.code)) return true;
  if (typeof shape.name === "string" && TRANSIENT_S3_NAMES.has(shape.name)) return true;
  // The SDK marks throttling and transient faults it would retry itself.
  if (shape.$retryable) return true;
  // Both addresses of "localhost" refused (AggregateError), or a stream error wrapping the socket's.
  if (Array.isArray(shape.errors) && shape.errors.some((inner) => isStorageUnavailable(inner, depth + 1))) return true;
  return isStorageUnavailable(shape.cause, depth + 1);
}
