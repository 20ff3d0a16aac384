// GET /api/v1/batches/:id/files/:fileId/corrected?format= — the cleaned list plus the rows fixed by hand, as csv, excel-csv or xlsx.
import { parsePathParams } from "@/lib/api/api-params";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { openCorrectedList } from "@/lib/row-fixes/open-corrected-list";
import { batchFilePathSchema, parseCorrectedListQuery } from "@/lib/row-fixes/row-fix-params";
import { type RouteContext, withApiUser } from "../../../../../with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (request, user, { params }: RouteContext) => {
  const { id, fileId } = parsePathParams(batchFilePathSchema, await params);
  const { format } = parseCorrectedListQuery(request.url);
  return csvDownloadResponse(await openCorrectedList(user.id, id, fileId, format));
});
