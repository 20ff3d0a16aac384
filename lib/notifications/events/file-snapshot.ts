// One file of a batch as an event remembers it: frozen when the event is written, so
// what a notification says of the file never changes, even once the file is gone.
import { z } from "zod";
import { fileSummarySchema } from "../../batches/batch-stats";
import { crossFileDuplicatesOf, summaryNetOfCrossFile } from "../../batches/cross-file-counts";

const count = z.number().int().nonnegative();

export const fileSnapshotSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  status: z.enum(["completed", "failed", "cancelled"]),
  rows: count,
  /** Net of the rows an earlier file of the batch had, as in the downloads. */
  valid: count,
  /** Rows whose address an earlier file of the batch had: duplicates. Absent from events written before they were counted. */
  crossFileDuplicates: count.optional(),
});

export type FileSnapshot = z.infer<typeof fileSnapshotSchema>;

/** A file row as it stands now; a file that never finished counts as failed. */
export function snapshotFile(file: { id: string; originalName: string; status: string; summary: unknown; crossFileDuplicates?: unknown }): FileSnapshot {
  const summary = fileSummarySchema.safeParse(summaryNetOfCrossFile(file.summary, file.crossFileDuplicates));
  const crossFile = crossFileDuplicatesOf(file.crossFileDuplicates);
  return {
    fileId: file.id,
    name: file.originalName,
    status: file.status === "completed" ? "completed" : file.status === "cancelled" ? "cancelled" : "failed",
    rows: summary.success ? summary.data.rows : 0,
    valid: summary.success ? (summary.data.verdicts.valid ?? 0) : 0,
    ...(crossFile > 0 ? { crossFileDuplicates: crossFile } : {}),
  };
}
