// Turns a child's pino JSON line into one readable terminal line; other lines
// pass through as they are.
const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
const HIDDEN = new Set(["level", "time", "pid", "hostname", "app", "msg", "event", "v", "err"]);

export function formatLogLine(line: string): string {
  if (!line.startsWith("{")) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = LEVELS[Number(record.level)] ?? "info";
  const time = typeof record.time === "string" ? record.time.slice(11, 19) : "";
  const extras = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  // The full error, stack included, stays in the JSON logs; the terminal gets its gist.
  const error = record.err as { type?: string; message?: string } | undefined;
  const errorText = error ? `${error.type ?? "Error"}: ${error.message ?? ""}` : "";
  return [time, level.padEnd(5), record.event ?? "", record.msg ?? "", extras, errorText].filter(Boolean).join("  ");
}
