// A person's batches, newest first, a page at a time (keyset pagination on
// createdAt desc, id desc over the index (userId, createdAt desc)), with counts by status.
import { z } from "zod";
import { db } from "../db/client";
import { $Enums, type Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import { batchCursorSchema, encodeBatchCursor, type BatchCursor } from "./batch-cursor";
import { toBatchView, type BatchView } from "./batch-view";

export const listBatchesQuerySchema = z.object({
  status: z.enum($Enums.BatchStatus).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: batchCursorSchema.optional(),
});

export type ListBatchesQuery = z.output<typeof listBatchesQuerySchema>;

export type BatchPage = {
  items: BatchView[];
  /** Older batches follow: pass as `cursor`. */
  nextCursor: string | null;
  /** Newer batches come before this page: pass as `cursor`. Null on the first page. */
  prevCursor: string | null;
  counts: Record<$Enums.BatchStatus, number>;
};

/**
 * The API's reading of a query string: a cursor this list did not give out is a 400
 * (the client holds something broken, not merely a value out of range); other bad
 * values are validation errors as everywhere else.
 */
export function parseListBatchesQuery(params: Record<string, string>): ListBatchesQuery {
  const parsed = listBatchesQuerySchema.safeParse(params);
  if (parsed.success) return parsed.data;
  const cursorIssue = parsed.error.issues.find((issue) => issue.path[0] === "cursor");
  if (cursorIssue) throw new AppError("bad_request", `cursor: ${cursorIssue.message}.`);
  throw parsed.error;
}

/** The dashboard's reading of a query string anyone can edit: whatever does not parse means the default (the first page). */
export function parseDashboardBatchesQuery(params: Record<string, string | string[] | undefined>, limit: number): ListBatchesQuery {
  const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const status = listBatchesQuerySchema.shape.status.safeParse(single(params.status));
  const cursor = listBatchesQuerySchema.shape.cursor.safeParse(single(params.cursor));
  return { limit, status: status.success ? status.data : undefined, cursor: cursor.success ? cursor.data : undefined };
}

/** Rows strictly beyond `cursor` in its direction: (createdAt, id) < or > the cursor's. */
function beyond(cursor: BatchCursor): Prisma.BatchWhereInput {
  const past = cursor.direction === "older" ? "lt" : "gt";
  const pastOrAt = cursor.direction === "older" ? "lte" : "gte";
  return {
    // The plain bound lets PostgreSQL start the index scan at the cursor; the OR settles ties on createdAt.
    createdAt: { [pastOrAt]: cursor.createdAt },
    OR: [{ createdAt: { [past]: cursor.createdAt } }, { id: { [past]: cursor.id } }],
  };
}

export async function listBatches(userId: string, query: ListBatchesQuery): Promise<BatchPage> {
  const where: Prisma.BatchWhereInput = { userId, ...(query.status ? { status: query.status } : {}) };
  const cursor = query.cursor;
  const towardNewer = cursor?.direction === "newer";
  const order = towardNewer ? "asc" : "desc";
  const [rows, grouped] = await Promise.all([
    db().batch.findMany({
      where: cursor ? { ...where, ...beyond(cursor) } : where,
      orderBy: [{ createdAt: order }, { id: order }],
      take: query.limit + 1,
      include: { files: { select: { originalName: true }, orderBy: { position: "asc" }, take: 1 } },
    }),
    // Served by the (userId, status) index; never touches the files.
    db().batch.groupBy({ by: ["status"], where: { userId }, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(Object.values($Enums.BatchStatus).map((status) => [status, 0])) as BatchPage["counts"];
  for (const group of grouped) counts[group.status] = group._count._all;

  const moreInReadDirection = rows.length > query.limit;
  // Newer all the way to the top: show the first page as it is, not a short page of whatever was left above.
  if (towardNewer && !moreInReadDirection) return listBatches(userId, { ...query, cursor: undefined });
  const page = rows.slice(0, query.limit);
  if (towardNewer) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const at = (direction: BatchCursor["direction"], row: { createdAt: Date; id: string } | undefined) =>
    row ? encodeBatchCursor({ direction, createdAt: row.createdAt, id: row.id }) : null;

  let hasOlder: boolean;
  let hasNewer: boolean;
  if (!cursor) {
    hasOlder = moreInReadDirection;
    hasNewer = false;
  } else if (towardNewer) {
    hasNewer = true;
    hasOlder = true;
  } else {
    hasOlder = moreInReadDirection;
    // Came from a newer page; one index probe says whether anything newer is still there.
    hasNewer = first ? (await db().batch.findFirst({ where: { ...where, ...beyond({ direction: "newer", createdAt: first.createdAt, id: first.id }) }, select: { id: true } })) !== null : false;
  }
  return {
    items: page.map(({ files, ...batch }) => toBatchView({ ...batch, firstFileName: files[0]?.originalName })),
    nextCursor: hasOlder ? at("older", last) : null,
    prevCursor: hasNewer ? at("newer", first) : null,
    counts,
  };
}
