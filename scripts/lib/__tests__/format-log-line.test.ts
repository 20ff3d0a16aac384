import { describe, expect, it } from "vitest";
import { formatLogLine } from "../format-log-line";

describe("formatLogLine", () => {
  it("prints a pino line as time, level, event, message and extra fields", () => {
    const line = JSON.stringify({ level: 30, time: "2026-11-23T13:53:02.123Z", app: "tidings", pid: 1, event: "worker.ready", msg: "worker ready", queues: ["a"] });
    expect(formatLogLine(line)).toBe('13:53:02  info   worker.ready  worker ready  queues=["a"]');
  });

  it("shows an error's type and message, not its stack", () => {
    const line = JSON.stringify({ level: 50, time: "2026-11-23T13:53:02.123Z", event: "queue.error", msg: "pg-boss error", err: { type: "DatabaseError", message: "terminating", stack: "at x" } });
    expect(formatLogLine(line)).toBe("13:53:02  error  queue.error  pg-boss error  DatabaseError: terminating");
  });

  it("passes other lines through", () => {
    expect(formatLogLine("▲ Next.js 16")).toBe("▲ Next.js 16");
    expect(formatLogLine("{not json")).toBe("{not json");
  });
});
