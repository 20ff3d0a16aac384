// GET /api/batches/:id/files/:fileId/corrected?format= — the cleaned list plus the rows fixed by hand (dashboard session), as csv, excel-csv or xlsx.
import { withUser } from "@/app/api/route-auth";
import { parsePathParams } from "@/lib/api/api-params";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { openCorrectedList } from "@/lib/row-fixes/open-corrected-list";
import { batchFilePathSchema, parseCorrectedListQuery } from "@/lib/row-fixes/row-fix-params";

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (request, user, { params }: Context) => {
  const { id, fileId } = parsePathParams(batchFilePathSchema, await params);
  const { format } = parseCorrectedListQuery(request.url);
  return csvDownloadResponse(await openCorrectedList(user.id, id, fileId, format));
});
