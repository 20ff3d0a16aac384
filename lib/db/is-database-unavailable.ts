// Is this error the database being away (stopped, restarting, unreachable, out of
// connections), as opposed to a query that failed on its own merits? The answer
// decides between "try again shortly" (503) and a bug (500), so it only says yes to
// shapes the database clients in this process actually produce:
// - Prisma 7 with @prisma/adapter-pg: P1001/P1002/P1017/P2024, or a DriverAdapterError
//   in `meta.driverAdapterError` whose cause has a connection `kind` or SQLSTATE;
// - node-postgres (and pg-boss, which rethrows its errors): the socket error itself
//   (ECONNREFUSED …), a server error with a connection SQLSTATE, or the client's own
//   "Connection terminated …" when the server vanished mid-conversation.
// Errors of other network clients (fetch, SDKs) arrive wrapped and are not matched:
// `cause` chains are not followed, except through Prisma's and AggregateError's own.

/** Prisma's codes for "could not reach / lost / waited too long for a connection". */
const PRISMA_UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);

/** @prisma/adapter-pg's error kinds for the same. */
const ADAPTER_UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// 57P01 admin_shutdown (fast stop, pg_terminate_backend), 57P02 crash_shutdown (another
// backend crashed), 57P03 cannot_connect_now (starting up / shutting down), 53300
// too_many_connections; class 08 is "connection exception".
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Node's socket errors when a server is not there or went away. */
const SOCKET_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);

// node-postgres' own messages: the server closed the socket, or a connect timed out.
const PG_CONNECTION_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

type ErrorLike = {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  syscall?: unknown;
  severity?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
  cause?: unknown;
  errors?: unknown;
};

function isUnavailableSqlState(code: unknown): boolean {
  return typeof code === "string" && (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}

function matches(error: ErrorLike, depth: number): boolean {
  const { code } = error;
  if (typeof code === "string") {
    if (PRISMA_UNAVAILABLE_CODES.has(code)) return true;
    // A server error from node-postgres carries a severity (ERROR, FATAL, PANIC).
    if (typeof error.severity === "string" && isUnavailableSqlState(code)) return true;
    if (typeof error.syscall === "string" && SOCKET_ERROR_CODES.has(code)) return true;
  }
  // The cause of a DriverAdapterError: { kind: "DatabaseNotReachable" } or { kind: "postgres", code }.
  if (typeof error.kind === "string") {
    if (ADAPTER_UNAVAILABLE_KINDS.has(error.kind)) return true;
    if (error.kind === "postgres" && isUnavailableSqlState(code)) return true;
  }
  if (error.constructor?.name === "Error" && typeof error.message === "string" && PG_CONNECTION_MESSAGE.test(error.message)) return true;
  if (depth >= 4) return false;
  // Prisma wraps the adapter's error (P2010 "raw query failed", and others) in `meta`.
  const adapterError = error.meta?.driverAdapterError;
  if (adapterError && (matches(adapterError as ErrorLike, depth + 1) || isObject(adapterError.cause) && matches(adapterError.cause, depth + 1))) return true;
  if (error instanceof AggregateError) return error.errors.some((inner) => isObject(inner) && matches(inner, depth + 1));
  return false;
}

function isObject(value: unknown): value is ErrorLike {
  return typeof value === "object" && value !== null;
}

/** True when `error` means the database cannot be reached right now; see the header for what counts. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isObject(error) && matches(error, 0);
}
