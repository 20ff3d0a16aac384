// The real logger (pino with Tidings' hooks) writing into memory: repeats of one
// error are folded into a count, everything else is written as it comes.
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger, REPEAT_WINDOW_MS } from "../log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ destination, level: "info" }), lines };
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("repeated log lines", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes an error that repeats once at once, then one line with the count", async () => {
    const { logger, lines } = capture();
    for (let i = 0; i < 500; i += 1) logger.error({ event: "queue.error", role: "worker", err: refused() }, "pg-boss error");
    await vi.advanceTimersByTimeAsync(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ event: "queue.error", msg: "pg-boss error", err: { code: "ECONNREFUSED" } });

    await vi.advanceTimersByTimeAsync(REPEAT_WINDOW_MS * 2);

    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ event: "queue.error", role: "worker", repeated: 499, msg: "pg-boss error … repeated 499 times in the last 30 s" });
  });

  it("folds pg-boss' plain copies of one error, whichever queue's poll failed, and says what the error was", () => {
    const { logger, lines } = capture();
    for (const queue of ["batch.process-file", "notification.notify", "webhook.deliver"]) {
      const error = refused();
      // As pg-boss 12 reports a failed poll: a plain copy, the queue and worker added to the message.
      const message = `${error.message} (Queue: ${queue}, Worker: ${queue.length}-4fb89629)`;
      logger.error({ event: "queue.error", err: { ...error, message, stack: error.stack, queue, worker: queue } }, "pg-boss error");
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ err: { type: "Error", message: expect.stringMatching(/^connect ECONNREFUSED 127.0.0.1:5432 \(Queue/), code: "ECONNREFUSED" } });
  });

  it("folds an error and a plain copy of it (pg-boss reports the same outage both ways)", () => {
    const { logger, lines } = capture();
    const error = refused();
    logger.error({ event: "queue.error", role: "worker", err: error }, "pg-boss error");
    logger.error({ event: "queue.error", role: "worker", err: { ...error, message: `${error.message} (Queue: notification.notify, Worker: 7-4fb8)`, stack: error.stack } }, "pg-boss error");
    expect(lines).toHaveLength(1);
  });

  it("writes the same error at once again once its window has been summed up", async () => {
    const { logger, lines } = capture();
    logger.error({ event: "queue.error", err: refused() }, "pg-boss error");
    await vi.advanceTimersByTimeAsync(REPEAT_WINDOW_MS * 2);
    logger.error({ event: "queue.error", err: refused() }, "pg-boss error");
    expect(lines.map((line) => line.msg)).toEqual(["pg-boss error", "pg-boss error"]);
  });

  it("keeps lines that differ in any field, and never folds info lines", () => {
    const { logger, lines } = capture();
    logger.warn({ event: "job.missing", jobId: "a" }, "job no longer exists");
    logger.warn({ event: "job.missing", jobId: "b" }, "job no longer exists");
    logger.error({ event: "queue.error", err: new Error("timeout") }, "pg-boss error");
    logger.error({ event: "queue.error", err: refused() }, "pg-boss error");
    logger.child({ jobId: "c" }).warn({ event: "job.missing" }, "job no longer exists");
    for (let i = 0; i < 3; i += 1) logger.info({ event: "email.sent" }, "sent");
    expect(lines).toHaveLength(8);
  });
});
