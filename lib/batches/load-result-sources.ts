// What a result download needs of a batch, for its owner only: its keep-risky choice,
// its files in upload order, and the stored reports of the completed ones as export sources.
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { ExportSource } from "../results/export-results";
import { loadRowFixMarks } from "../row-fixes/load-row-fix-marks";
import { storage, type Storage } from "../storage/storage";
import { keepRiskyOf } from "./batch-options";

export const RESULT_NOT_FOUND = "No such result file. It may still be processing, or it has expired.";

// What a download needs of a file's stored summary; summaries from before a field existed lack it.
const storedFormatSchema = z.object({
  delimiter: z.enum([",", ";", "\t"]).catch(","),
  bom: z.boolean().catch(false),
  columns: z.number().int().optional().catch(undefined),
  rows: z.number().int().optional().catch(undefined),
});
export type StoredFormat = z.infer<typeof storedFormatSchema>;

export function storedFormatOf(summary: unknown): StoredFormat {
  const parsed = storedFormatSchema.safeParse(summary ?? {});
  return parsed.success ? parsed.data : { delimiter: ",", bom: false, columns: undefined, rows: undefined };
}

/**
 * The batch with its files, and the completed files' reports as export sources. A report
 * missing from storage is checked up front: it would otherwise only fail mid-download.
 * `withFixes` (reports): each source carries its rows fixed by hand, at most 5,000 a file.
 */
export async function loadResultSources(userId: string, batchId: string, store: Storage = storage(), withFixes = false) {
  const batch = await db().batch.findFirst({
    where: { id: batchId, userId },
    select: {
      id: true,
      options: true,
      files: {
        orderBy: { position: "asc" },
        select: { id: true, originalName: true, status: true, cleanedKey: true, reportKey: true, summary: true },
      },
    },
  });
  if (!batch) throw new AppError("not_found", RESULT_NOT_FOUND);
  const done = batch.files.filter((file) => file.status === "completed" && file.reportKey !== null);
  const present = await Promise.all(done.map((file) => store.exists(file.reportKey ?? "")));
  if (present.includes(false)) throw new AppError("not_found", RESULT_NOT_FOUND);
  const fixes = withFixes ? await loadRowFixMarks(done.map((file) => file.id)) : new Map();
  const sources = done.map((file) => {
    const stored = storedFormatOf(file.summary);
    const key = file.reportKey ?? "";
    const source: ExportSource = {
      name: file.originalName,
      delimiter: stored.delimiter,
      columns: stored.columns,
      rows: stored.rows,
      openReport: () => store.get(key),
      fixes: fixes.get(file.id),
    };
    return { fileId: file.id, source };
  });
  return { batchId: batch.id, keepRisky: keepRiskyOf(batch.options), files: batch.files, sources };
}
