// The catalogue of notification event types: every stored event is read by its own
// type's schema, and an event nothing can read is skipped with a log line, not thrown.
import { describe, expect, it } from "vitest";
import { describeEvent, EVENT_TYPES, notificationEvents, readEvent } from "../events";

const finishedPayload = {
  outcome: "completed",
  uploadedAt: "2026-12-01T10:00:00.000Z",
  files: [{ fileId: "file_a", name: "contacts.csv", status: "completed", rows: 10, valid: 9, error: null }],
  stats: { files: { total: 1, completed: 1, failed: 0, cancelled: 0 }, rows: 10, verdicts: { valid: 9, invalid: 1 }, reasons: {} },
};

function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: { warn: (fields: Record<string, unknown>) => lines.push(fields) } as never };
}

describe("the notification event catalogue", () => {
  it("has a module for every event type", () => {
    expect(Object.keys(notificationEvents).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it("reads an event with its own type's schema", () => {
    const read = readEvent({ type: "batch.finished", payload: finishedPayload });
    expect(read?.type).toBe("batch.finished");
    expect(read?.kind).toBe(notificationEvents["batch.finished"]);
  });

  it("skips an unknown type and a payload its schema refuses, saying so in the log", () => {
    const { lines, log } = recordingLog();
    expect(readEvent({ id: "e1", type: "batch.exploded", payload: finishedPayload }, log)).toBeNull();
    expect(readEvent({ id: "e2", type: "batch.finished", payload: { outcome: "maybe" } }, log)).toBeNull();
    // A payload of one type is not read as another.
    expect(readEvent({ id: "e3", type: "results.expiring", payload: finishedPayload }, log)).toBeNull();
    expect(lines.map((line) => [line.event, line.eventId])).toEqual([
      ["notify.unknown_event", "e1"],
      ["notify.unusable_event", "e2"],
      ["notify.unusable_event", "e3"],
    ]);
  });

  it("describes a batch outcome in the words of its email subject, and a digest not at all", () => {
    expect(describeEvent({ type: "batch.finished", batchId: "batch_1", payload: finishedPayload })).toEqual({
      batchId: "batch_1",
      batchTitle: "contacts.csv",
      headline: expect.stringContaining("contacts.csv"),
    });
    const digest = { windowStart: "2026-12-01T00:00:00.000Z", windowEnd: "2026-12-02T00:00:00.000Z", batches: [], expiring: [] };
    expect(describeEvent({ type: "digest", batchId: null, payload: digest })).toBeNull();
  });

  it("gives webhook bodies only for the type endpoints subscribe to", () => {
    const stored = { id: "e1", type: "batch.finished", batchId: "batch_1", payload: finishedPayload, createdAt: new Date("2026-12-01T10:05:00Z") };
    const body = notificationEvents["batch.finished"].webhookBody(stored, finishedPayload as never, "https://tidings.acme-mail.com");
    expect(body).toMatchObject({ type: "batch.succeeded", timestamp: "2026-12-01T10:05:00.000Z", data: { batch_id: "batch_1", files: [{ id: "file_a" }] } });
    expect(notificationEvents.digest.webhookBody(stored, {} as never, "https://x")).toBeNull();
    expect(notificationEvents["results.expiring"].webhookBody(stored, {} as never, "https://x")).toBeNull();
  });
});
