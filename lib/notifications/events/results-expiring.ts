// The `results.expiring` outbox event: one per batch, written when its results are
// about to be deleted. The payload freezes what the reminder shows, so a retried
// send renders the same bytes even once retention has deleted the batch.
import { z } from "zod";

export const RESULTS_EXPIRING = "results.expiring";

const count = z.number().int().nonnegative();

export const resultsExpiringPayloadSchema = z.object({
  batchId: z.string(),
  /** "contacts.csv", "contacts.csv and 2 more". */
  title: z.string(),
  uploadedAt: z.iso.datetime(),
  /** When retention deletes the results (Batch.expiresAt). */
  expiresAt: z.iso.datetime(),
  files: z.array(
    z.object({
      jobId: z.string(),
      name: z.string(),
      status: z.enum(["completed", "failed", "cancelled"]),
      rows: count,
      valid: count,
    }),
  ),
});

export type ResultsExpiringPayload = z.infer<typeof resultsExpiringPayloadSchema>;

export function resultsExpiringDedupeKey(batchId: string): string {
  return `results-expiring:${batchId}`;
}
