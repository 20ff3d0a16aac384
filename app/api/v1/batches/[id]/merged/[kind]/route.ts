// GET /api/v1/batches/:id/merged/cleaned|report?format=&risky= — the batch's files as one list.
import { mergedResultPathSchema, parsePathParams } from "@/lib/api/api-params";
import { openMergedResults } from "@/lib/batches/open-merged-results";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { parseDownloadQuery } from "@/lib/results/download-options";
import { type RouteContext, withApiUser } from "@/app/api/v1/with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (request, user, { params }: RouteContext) => {
  const { id, kind } = parsePathParams(mergedResultPathSchema, await params);
  return csvDownloadResponse(await openMergedResults(user.id, id, kind, parseDownloadQuery(request.url)));
});
