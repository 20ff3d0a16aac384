// GET /api/batches/:id/files/:fileId/cleaned|report — download a result CSV (dashboard session): streamed, or a redirect to a signed bucket link (S3_PUBLIC_ENDPOINT).
import { withUser } from "@/app/api/route-auth";
import { parsePathParams, resultFilePathSchema } from "@/lib/api/api-params";
import { resultDownload } from "@/lib/batches/result-download";
import { resultDownloadResponse } from "@/lib/http/result-download-response";

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (_request, user, { params }: Context) => {
  const { id, fileId, kind } = parsePathParams(resultFilePathSchema, await params);
  return resultDownloadResponse(await resultDownload(user.id, id, fileId, kind));
});
