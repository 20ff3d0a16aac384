// GET /api/batches/:id/files/:fileId/corrected — the cleaned CSV plus the rows fixed by hand (dashboard session).
import { withUser } from "@/app/api/route-auth";
import { parsePathParams } from "@/lib/api/api-params";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { openCorrectedList } from "@/lib/row-fixes/open-corrected-list";
import { batchFilePathSchema } from "@/lib/row-fixes/row-fix-params";

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (_request, user, { params }: Context) => {
  const { id, fileId } = parsePathParams(batchFilePathSchema, await params);
  return csvDownloadResponse(await openCorrectedList(user.id, id, fileId));
});
