// The `digest` outbox event: one per inbox per digest window (the owner's, or that of
// an extra recipient the owner named at upload), written with marking the deliveries
// it carries. Its payload is a frozen snapshot of what those deliveries
// were about, so the digest email renders the same bytes on every retry, even after
// the batches were retried or deleted.
import { z } from "zod";

export const DIGEST = "digest";

const count = z.number().int().nonnegative();

/** A finished batch whose email was folded into the digest. */
const digestBatchSchema = z.object({
  /** The `batch.finished` event it came from. */
  eventId: z.string(),
  batchId: z.string(),
  /** "contacts.csv", "contacts.csv and 2 more". */
  title: z.string(),
  fileNames: z.array(z.string()),
  outcome: z.enum(["completed", "partial", "failed"]),
  failedFiles: count,
  rows: count,
  valid: count,
  uploadedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
});

/** A results-expiring reminder folded into the digest. */
const digestExpiringSchema = z.object({
  eventId: z.string(),
  batchId: z.string(),
  title: z.string(),
  fileNames: z.array(z.string()),
  expiresAt: z.iso.datetime(),
});

export const digestPayloadSchema = z.object({
  /** An extra recipient whose emails the daily cap held back; absent when the digest is the owner's own. */
  recipient: z.string().optional(),
  /** The digest window; starts earlier when a delivery from an earlier window waited for this one. */
  windowStart: z.iso.datetime(),
  windowEnd: z.iso.datetime(),
  /** Oldest first. */
  batches: z.array(digestBatchSchema),
  expiring: z.array(digestExpiringSchema),
});

export type DigestPayload = z.infer<typeof digestPayloadSchema>;
export type DigestBatchSnapshot = z.infer<typeof digestBatchSchema>;
export type DigestExpiringSnapshot = z.infer<typeof digestExpiringSchema>;

/** One digest per inbox per window, whoever runs the job and however often. */
export function digestDedupeKey(userId: string, windowEnd: Date, recipient?: string): string {
  return recipient === undefined ? `digest:${userId}:${windowEnd.toISOString()}` : `digest:${userId}:${recipient}:${windowEnd.toISOString()}`;
}
