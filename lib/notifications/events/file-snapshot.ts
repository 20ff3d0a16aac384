// One file of a batch as an event remembers it: frozen when the event is written, so
// what a notification says of the file never changes, even once the file is gone.
import { z } from "zod";
import { fileSummarySchema } from "../../batches/batch-stats";

const count = z.number().int().nonnegative();

export const fileSnapshotSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  status: z.enum(["completed", "failed", "cancelled"]),
  rows: count,
  valid: count,
});

export type FileSnapshot = z.infer<typeof fileSnapshotSchema>;

/** A file row as it stands now; a file that never finished counts as failed. */
export function snapshotFile(file: { id: string; originalName: string; status: string; summary: unknown }): FileSnapshot {
  const summary = fileSummarySchema.safeParse(file.summary);
  return {
    fileId: file.id,
    name: file.originalName,
    status: file.status === "completed" ? "completed" : file.status === "cancelled" ? "cancelled" : "failed",
    rows: summary.success ? summary.data.rows : 0,
    valid: summary.success ? (summary.data.verdicts.valid ?? 0) : 0,
  };
}
