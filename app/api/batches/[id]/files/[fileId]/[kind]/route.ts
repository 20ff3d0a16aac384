// GET /api/batches/:id/files/:fileId/cleaned|report?format=&risky= — download a result file (dashboard session).
import { withUser } from "@/app/api/route-auth";
import { parsePathParams, resultFilePathSchema } from "@/lib/api/api-params";
import { openResultFile } from "@/lib/batches/open-result-file";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { parseDownloadQuery } from "@/lib/results/download-options";

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (request, user, { params }: Context) => {
  const { id, fileId, kind } = parsePathParams(resultFilePathSchema, await params);
  return csvDownloadResponse(await openResultFile(user.id, id, fileId, kind, parseDownloadQuery(request.url)));
});
