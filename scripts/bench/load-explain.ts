// bench:load's query plans for the batch list on the account with many batches: the
// SQL the list runs (as Prisma writes it: the page, the counts by status, the first
// file's name of each batch on the page), under EXPLAIN (ANALYZE, BUFFERS).
import { db } from "../../lib/db/client";

export type QueryPlan = { label: string; lines: string[] };

const PAGE = 21; // 20 a page on the dashboard, plus one to know whether there are older ones

async function explain(sql: string, ...params: unknown[]): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) ${sql}`, ...params);
  return rows.map((row) => row["QUERY PLAN"]);
}

export async function explainList(userId: string): Promise<QueryPlan[]> {
  const [middle] = await db().$queryRawUnsafe<{ createdAt: Date; id: string }[]>(
    `SELECT "createdAt", id FROM "Batch" WHERE "userId" = $1 ORDER BY "createdAt" DESC, id DESC OFFSET (SELECT count(*) / 2 FROM "Batch" WHERE "userId" = $1) LIMIT 1`,
    userId,
  );
  const page = await db().batch.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: PAGE, select: { id: true } });
  const columns = `id, status, "fileCount", "totalBytes", stats, "createdAt", "expiresAt"`;
  return [
    {
      label: "first page",
      lines: await explain(`SELECT ${columns} FROM "Batch" WHERE "userId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT ${PAGE}`, userId),
    },
    {
      label: "a page from a cursor half-way down",
      lines: await explain(
        `SELECT ${columns} FROM "Batch" WHERE "userId" = $1 AND "createdAt" <= $2 AND ("createdAt" < $2 OR id < $3) ORDER BY "createdAt" DESC, id DESC LIMIT ${PAGE}`,
        userId,
        middle!.createdAt,
        middle!.id,
      ),
    },
    {
      label: "counts by status",
      lines: await explain(`SELECT status, count(*) FROM "Batch" WHERE "userId" = $1 GROUP BY status`, userId),
    },
    {
      label: "first file of each batch on the page",
      lines: await explain(`SELECT "batchId", "originalName" FROM "Job" WHERE "batchId" = ANY($1) ORDER BY position`, page.map((batch) => batch.id)),
    },
  ];
}
