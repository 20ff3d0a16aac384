// Structured logs with stable event names: log.info({ event: "upload.accepted", ... }).
// Never put secrets or full email addresses in a log line; use `maskEmail`.
import pino from "pino";
import { env } from "./env";

export const log = pino({
  level: env().LOG_LEVEL,
  base: { app: "tidings" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ["*.password", "*.secret", "*.token", "*.apiKey", "*.authorization"], censor: "[redacted]" },
});

export type Logger = typeof log;

/** "alex@example.com" → "a***@example.com", enough to correlate, not enough to harvest. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${address[0]}***${address.slice(at)}`;
}
