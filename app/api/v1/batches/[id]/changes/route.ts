// GET /api/v1/batches/:id/changes — the rows changed by hand as CSV: before, after, how, who, when.
import { batchPathSchema, parsePathParams } from "@/lib/api/api-params";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { openRowChanges } from "@/lib/row-fixes/open-row-changes";
import { type RouteContext, withApiUser } from "../../../with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (_request, user, { params }: RouteContext) => {
  const { id } = parsePathParams(batchPathSchema, await params);
  return csvDownloadResponse(await openRowChanges(user.id, id));
});
