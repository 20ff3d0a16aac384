// GET /api/v1/batches/:id/files/:jobId/cleaned|report — stream a result CSV.
import { Readable } from "node:stream";
import { parsePathParams, resultFilePathSchema } from "@/lib/api/api-params";
import { openResultFile } from "@/lib/batches/open-result-file";
import { type RouteContext, withApiUser } from "@/app/api/v1/with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (_request, user, { params }: RouteContext) => {
  const { id, jobId, kind } = parsePathParams(resultFilePathSchema, await params);
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
