// GET /api/v1/batches/:id/files/:fileId/cleaned|report?format=&risky= — a result file: streamed, or a redirect to a signed bucket link (S3_PUBLIC_ENDPOINT) when the stored file is the answer.
import { parsePathParams, resultFilePathSchema } from "@/lib/api/api-params";
import { resultDownload } from "@/lib/batches/result-download";
import { resultDownloadResponse } from "@/lib/http/result-download-response";
import { parseDownloadQuery } from "@/lib/results/download-options";
import { type RouteContext, withApiUser } from "@/app/api/v1/with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (request, user, { params }: RouteContext) => {
  const { id, fileId, kind } = parsePathParams(resultFilePathSchema, await params);
  return resultDownloadResponse(await resultDownload(user.id, id, fileId, kind, parseDownloadQuery(request.url)));
});
