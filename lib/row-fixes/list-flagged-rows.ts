// The batch page's table of rows to fix: the invalid and risky rows of a batch's files,
// a page at a time, optionally of one file and one reason.
import { z } from "zod";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { reasonCodeSchema } from "../verification/verdicts";

export const FLAGGED_ROWS_PAGE_SIZE = 20;

export const flaggedRowQuerySchema = z.object({
  file: z.string().min(1).max(64).optional().catch(undefined),
  reason: reasonCodeSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  /** A processed file whose email column its owner wants to change (the batch page's ?column=). */
  column: z.string().min(1).max(64).optional().catch(undefined),
});
export type FlaggedRowQuery = z.infer<typeof flaggedRowQuerySchema>;

export type FlaggedRowView = {
  id: string;
  fileId: string;
  fileName: string;
  line: number;
  part: number;
  address: string;
  verdict: string;
  reasons: string[];
  detail: string;
  suggestion: string | null;
  /** The address going into the corrected list, once fixed by hand. */
  fixedAddress: string | null;
  fixedHow: string | null;
};

export type FlaggedRowPage = {
  rows: FlaggedRowView[];
  /** Rows matching the filter. */
  total: number;
  page: number;
  pageCount: number;
  /** Every reason among the batch's flagged rows (of the chosen file), with its count: the filter's choices. */
  reasons: { reason: string; count: number }[];
  /** Rows fixed by hand in the batch. */
  fixed: number;
};

/** Empty for someone else's batch: the page checks ownership before it asks. */
export async function listFlaggedRows(userId: string, batchId: string, query: FlaggedRowQuery): Promise<FlaggedRowPage> {
  const inBatch: Prisma.FlaggedRowWhereInput = { file: { batchId, batch: { userId }, ...(query.file ? { id: query.file } : {}) } };
  const where: Prisma.FlaggedRowWhereInput = query.reason ? { ...inBatch, reasons: { has: query.reason } } : inBatch;
  const [total, fixed, reasons] = await Promise.all([
    db().flaggedRow.count({ where }),
    db().flaggedRow.count({ where: { file: { batchId, batch: { userId } }, fixedAddress: { not: null } } }),
    countReasons(userId, batchId, query.file),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / FLAGGED_ROWS_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await db().flaggedRow.findMany({
    where,
    orderBy: [{ file: { position: "asc" } }, { line: "asc" }, { part: "asc" }],
    skip: (page - 1) * FLAGGED_ROWS_PAGE_SIZE,
    take: FLAGGED_ROWS_PAGE_SIZE,
    include: { file: { select: { originalName: true } } },
  });
  return {
    rows: rows.map((row) => ({
      id: row.id,
      fileId: row.fileId,
      fileName: row.file.originalName,
      line: row.line,
      part: row.part,
      address: row.address,
      verdict: row.verdict,
      reasons: row.reasons,
      detail: row.detail,
      suggestion: row.suggestion,
      fixedAddress: row.fixedAddress,
      fixedHow: row.fixedHow,
    })),
    total,
    page,
    pageCount,
    reasons,
    fixed,
  };
}

async function countReasons(userId: string, batchId: string, fileId: string | undefined) {
  const counted = await db().$queryRaw<{ reason: string; count: bigint }[]>`
    SELECT reason, count(*) AS count
    FROM "FlaggedRow" r
    JOIN "Job" f ON f.id = r."fileId"
    JOIN "Batch" b ON b.id = f."batchId"
    CROSS JOIN LATERAL unnest(r.reasons) AS reason
    WHERE b.id = ${batchId} AND b."userId" = ${userId} AND (${fileId ?? null}::text IS NULL OR f.id = ${fileId ?? null})
    GROUP BY reason
    ORDER BY count(*) DESC, reason`;
  return counted.map(({ reason, count }) => ({ reason, count: Number(count) }));
}
