// The migration that renames `jobId` to `fileId` in stored event payloads: events
// written before it read as before, with the same ids, and nothing else changes.
import { cp, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { batchFinishedPayloadSchema } from "../../notifications/events/batch-finished";
import { resultsExpiringPayloadSchema } from "../../notifications/events/results-expiring";
import { defaultMigrationsDir, runMigrations } from "../migrate";
import { createScratchDatabase } from "./support/scratch-database";
import { createTempDir, removeTempDir } from "./support/temp-dir";

const MIGRATION = "20261206230000_file_ids_in_event_payloads";
const tempDirs: string[] = [];
afterAll(async () => Promise.all(tempDirs.map(removeTempDir)));

const stats = { files: { total: 2, completed: 1, failed: 1, cancelled: 0 }, rows: 3, verdicts: { valid: 2 }, reasons: {} };
const oldBatchFinished = {
  outcome: "partial",
  uploadedAt: "2026-12-01T10:00:00.000Z",
  files: [
    { jobId: "file_a", name: "a.csv", status: "completed", rows: 3, valid: 2, error: null },
    { jobId: "file_b", name: "b.csv", status: "failed", rows: 0, valid: 0, error: "Not a CSV file." },
  ],
  stats,
};
const oldResultsExpiring = {
  batchId: "batch_1",
  title: "a.csv",
  uploadedAt: "2026-12-01T10:00:00.000Z",
  expiresAt: "2026-12-31T10:00:00.000Z",
  files: [{ jobId: "file_a", name: "a.csv", status: "completed", rows: 3, valid: 2 }],
};
const digest = { windowStart: "2026-12-01T00:00:00.000Z", windowEnd: "2026-12-02T00:00:00.000Z", batches: [], expiring: [] };

it("moves each file's jobId to fileId in batch.finished and results.expiring payloads, and leaves other events alone", async () => {
  const url = await createScratchDatabase({ migrated: false });
  const before = await createTempDir("tidings-migrations-before-");
  tempDirs.push(before);
  await cp(defaultMigrationsDir, before, { recursive: true });
  await rm(path.join(before, MIGRATION), { recursive: true });
  await runMigrations({ connectionString: url, migrationsDir: before });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('user_1', 'owner@example.com', now())`);
    const insert = (id: string, type: string, payload: unknown) =>
      client.query(`INSERT INTO "NotificationEvent" (id, type, "dedupeKey", "userId", payload) VALUES ($1, $2, $1, 'user_1', $3)`, [id, type, JSON.stringify(payload)]);
    await insert("event_finished", "batch.finished", oldBatchFinished);
    await insert("event_expiring", "results.expiring", oldResultsExpiring);
    await insert("event_digest", "digest", digest);

    await runMigrations({ connectionString: url });

    const payloads = new Map(
      (await client.query<{ id: string; payload: unknown }>(`SELECT id, payload FROM "NotificationEvent"`)).rows.map((row) => [row.id, row.payload]),
    );
    const finished = batchFinishedPayloadSchema.parse(payloads.get("event_finished"));
    expect(finished.files.map((file) => [file.fileId, file.name, file.status])).toEqual([
      ["file_a", "a.csv", "completed"],
      ["file_b", "b.csv", "failed"],
    ]);
    expect(JSON.stringify(payloads.get("event_finished"))).not.toContain("jobId");
    expect(resultsExpiringPayloadSchema.parse(payloads.get("event_expiring")).files[0]?.fileId).toBe("file_a");
    expect(payloads.get("event_digest")).toEqual(digest);
  } finally {
    await client.end();
  }
});
