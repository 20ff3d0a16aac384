// What a digest shows of each notification folded into it, frozen when the digest is
// assembled: a finished batch, or a results-expiring reminder.
import { z } from "zod";

const count = z.number().int().nonnegative();

/** A finished batch whose email was folded into the digest. */
export const digestBatchSchema = z.object({
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
export const digestExpiringSchema = z.object({
  eventId: z.string(),
  batchId: z.string(),
  title: z.string(),
  fileNames: z.array(z.string()),
  expiresAt: z.iso.datetime(),
});

export type DigestBatchSnapshot = z.infer<typeof digestBatchSchema>;
export type DigestExpiringSnapshot = z.infer<typeof digestExpiringSchema>;
