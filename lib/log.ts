// Structured logs with stable event names: log.info({ event: "upload.accepted", ... }).
// Never put secrets or full email addresses in a log line; use `maskEmail`.
// Warnings and errors that repeat word for word are written once, then counted.
import pino, { type LogFn } from "pino";
import { createRepeatFilter } from "./ops/repeat-filter";
import { logLevel } from "./env";

/** Repeats of one warning or error within this window become one summary line. */
export const REPEAT_WINDOW_MS = 30_000;

/** The process' logger is `log`; tests make their own to read what is written. */
export function createLogger({ destination, level = logLevel() }: { destination?: pino.DestinationStream; level?: pino.LevelWithSilent } = {}): pino.Logger {
  const repeats = foldRepeats();
  const options: pino.LoggerOptions = {
    level,
    base: { app: "tidings" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["*.password", "*.secret", "*.token", "*.apiKey", "*.authorization"], censor: "[redacted]" },
    serializers: { err: serializeError },
    hooks: {
      logMethod(args, write, level) {
        if (level < WARN || repeats.shouldWrite(this, args, write, level)) write.apply(this, args);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const log = createLogger();

export type Logger = typeof log;

const WARN = 40;

type Line = { logger: pino.Logger; args: Parameters<LogFn>; write: LogFn };

/**
 * While the database is away, every poll of every queue fails alike: thousands of
 * identical lines a minute. The first is written at once; the rest of the window is
 * counted and summed up in one line ("… repeated 511 times in the last 30 s").
 */
function foldRepeats() {
  const filter = createRepeatFilter<Line>({ windowMs: REPEAT_WINDOW_MS });
  let timer: NodeJS.Timeout | undefined;

  const writeSummary = ({ sample, repeated, windowMs }: { sample: Line; repeated: number; windowMs: number }) => {
    const [first, second] = sample.args;
    const fields = typeof first === "object" && first !== null && !(first instanceof Error) ? first : {};
    const message = typeof first === "string" ? first : typeof second === "string" ? second : "";
    const summary = `${message || "the line above"} … repeated ${repeated} ${repeated === 1 ? "time" : "times"} in the last ${Math.round(windowMs / 1000)} s`;
    sample.write.apply(sample.logger, [{ ...fields, repeated, repeatWindowSeconds: Math.round(windowMs / 1000) }, summary]);
  };
  const flush = (everything = false) => {
    for (const summary of filter.flush(Date.now(), { everything })) writeSummary(summary);
    if (!filter.pending && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  let exitHooked = false;
  return {
    shouldWrite(logger: pino.Logger, args: Parameters<LogFn>, write: LogFn, level: number): boolean {
      const key = repeatKey(logger, args, level);
      if (key === undefined) return true;
      const { write: writeNow, ended } = filter.record(key, Date.now(), { logger, args, write });
      if (ended) writeSummary(ended);
      // A timer only while there is something to sum up; it never keeps a process alive.
      timer ??= setInterval(flush, REPEAT_WINDOW_MS / 3).unref();
      if (!exitHooked) {
        exitHooked = true;
        process.once("exit", () => flush(true));
      }
      return writeNow;
    },
  };
}

/**
 * Two lines are the same when level, logger bindings, fields and message are, and their
 * errors say the same thing (message and code): the stack, which queue's poll failed,
 * or whether pg-boss passed the error itself or a plain copy of it (which has no
 * `name`), does not make another outage.
 */
function repeatKey(logger: pino.Logger, args: readonly unknown[], level: number): string | undefined {
  try {
    return JSON.stringify([level, logger.bindings(), ...args], (key, value: unknown) =>
      (value instanceof Error || key === "err") && isErrorLike(value)
        ? { message: value.message.replace(PG_BOSS_WORKER_SUFFIX, ""), code: value.code }
        : value,
    );
  } catch {
    return undefined; // not serialisable (a cycle): write it as it is
  }
}

/** pg-boss names the failing worker in the message: "connect ECONNREFUSED … (Queue: notify, Worker: 4fb8…)". */
const PG_BOSS_WORKER_SUFFIX = / \(Queue: [^,()]+, Worker: [^()]+\)$/;

type ErrorLike = { message: string; name?: string; code?: unknown; stack?: string; cause?: unknown };

/** pg-boss reports some failures as plain copies of the error (`{ ...error, message, stack, queue }`). */
function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string";
}

/**
 * pino's default error serializer copies every enumerable property; a pg error then
 * drags along its whole client (connection settings included). Keep what helps.
 */
type SerializedError = { type?: string; message: string; code?: string | number; stack?: string; cause?: SerializedError };

function serializeError(error: unknown): SerializedError {
  if (!isErrorLike(error)) return { message: maskEmailsIn(String(error)) };
  const code = error.code;
  return {
    type: error.name ?? "Error",
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
