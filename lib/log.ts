// Structured logs with stable event names: log.info({ event: "upload.accepted", ... }).
// Never put secrets or full email addresses in a log line; use `maskEmail`.
import pino from "pino";
import { logLevel } from "./env";

export const log = pino({
  level: logLevel(),
  base: { app: "tidings" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ["*.password", "*.secret", "*.token", "*.apiKey", "*.authorization"], censor: "[redacted]" },
  serializers: { err: serializeError },
});

export type Logger = typeof log;

/**
 * pino's default error serializer copies every enumerable property; a pg error then
 * drags along its whole client (connection settings included). Keep what helps.
 */
type SerializedError = { type?: string; message: string; code?: string | number; stack?: string; cause?: SerializedError };

function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: maskEmailsIn(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: maskEmailsIn(error.message),
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    stack: error.stack ? maskEmailsIn(error.stack) : undefined,
    ...(error.cause ? { cause: serializeError(error.cause) } : {}),
  };
}

/** "alex@example.com" → "a***@example.com", enough to correlate, not enough to harvest. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${address[0]}***${address.slice(at)}`;
}

/** Masks every address inside free text, such as a provider's error message. */
export function maskEmailsIn(text: string): string {
  return text.replace(/[^\s<>"'`,;:()]+@[^\s<>"'`,;:()]+/g, maskEmail);
}
