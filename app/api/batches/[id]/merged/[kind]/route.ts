// GET /api/batches/:id/merged/cleaned|report?format=&risky= — the batch's files as one list (dashboard session).
import { withUser } from "@/app/api/route-auth";
import { mergedResultPathSchema, parsePathParams } from "@/lib/api/api-params";
import { openMergedResults } from "@/lib/batches/open-merged-results";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { parseDownloadQuery } from "@/lib/results/download-options";

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (request, user, { params }: Context) => {
  const { id, kind } = parsePathParams(mergedResultPathSchema, await params);
  return csvDownloadResponse(await openMergedResults(user.id, id, kind, parseDownloadQuery(request.url)));
});
