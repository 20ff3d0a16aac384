// GET /api/batches/:id/files/:jobId/cleaned|report — download a result CSV.
import { Readable } from "node:stream";
import { z } from "zod";
import { openResultFile } from "@/lib/batches/open-result-file";
import { withUser } from "@/app/api/route-auth";

const paramsSchema = z.object({ id: z.string().min(1).max(64), jobId: z.string().min(1).max(64), kind: z.enum(["cleaned", "report"]) });

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (_request, user, { params }: Context) => {
  const { id, jobId, kind } = paramsSchema.parse(await params);
  const { stream, fileName } = await openResultFile(user.id, id, jobId, kind);
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
