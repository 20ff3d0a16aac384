// GET /api/v1/batches/:id/files/:fileId/cleaned|report?format=&risky= — stream a result file.
import { parsePathParams, resultFilePathSchema } from "@/lib/api/api-params";
import { openResultFile } from "@/lib/batches/open-result-file";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { parseDownloadQuery } from "@/lib/results/download-options";
import { type RouteContext, withApiUser } from "@/app/api/v1/with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (request, user, { params }: RouteContext) => {
  const { id, fileId, kind } = parsePathParams(resultFilePathSchema, await params);
  return csvDownloadResponse(await openResultFile(user.id, id, fileId, kind, parseDownloadQuery(request.url)));
});
