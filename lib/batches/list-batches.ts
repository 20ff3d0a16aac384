// A person's batches, newest first, a page at a time, with counts by status.
import { z } from "zod";
import { db } from "../db/client";
import { $Enums } from "../db/generated/client";
import { toBatchView, type BatchView } from "./batch-view";

export const listBatchesQuerySchema = z.object({
  status: z.enum($Enums.BatchStatus).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(100).optional(),
});

export type ListBatchesQuery = z.output<typeof listBatchesQuerySchema>;

export type BatchPage = {
  items: BatchView[];
  nextCursor: string | null;
  counts: Record<$Enums.BatchStatus, number>;
};

export async function listBatches(userId: string, query: ListBatchesQuery): Promise<BatchPage> {
  const where = { userId, ...(query.status ? { status: query.status } : {}) };
  const [rows, grouped] = await Promise.all([
    db().batch.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
      // The cursor is the last batch of the previous page; a stranger's id finds nothing of theirs.
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
      include: { files: { select: { originalName: true }, orderBy: { position: "asc" }, take: 1 } },
    }),
    db().batch.groupBy({ by: ["status"], where: { userId }, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(Object.values($Enums.BatchStatus).map((status) => [status, 0])) as BatchPage["counts"];
  for (const group of grouped) counts[group.status] = group._count._all;
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(({ files, ...batch }) => toBatchView({ ...batch, firstFileName: files[0]?.originalName })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    counts,
  };
}
