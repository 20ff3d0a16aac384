// GET /api/batches/:id/files/:fileId/cleaned|report?format=&risky= — download a result file (dashboard session): streamed, or a redirect to a signed bucket link (S3_PUBLIC_ENDPOINT) when the stored file is the answer.
import { withUser } from "@/app/api/route-auth";
import { parsePathParams, resultFilePathSchema } from "@/lib/api/api-params";
import { resultDownload } from "@/lib/batches/result-download";
import { resultDownloadResponse } from "@/lib/http/result-download-response";
import { parseDownloadQuery } from "@/lib/results/download-options";

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (request, user, { params }: Context) => {
  const { id, fileId, kind } = parsePathParams(resultFilePathSchema, await params);
  return resultDownloadResponse(await resultDownload(user.id, id, fileId, kind, parseDownloadQuery(request.url)));
});
