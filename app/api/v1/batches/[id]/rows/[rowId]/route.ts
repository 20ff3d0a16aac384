// POST /api/v1/batches/:id/rows/:rowId — fix one row: {"action":"accept_suggestion"|"mark_valid"} or {"action":"edit","address":…}.
import { parsePathParams } from "@/lib/api/api-params";
import { jsonResponse } from "@/lib/api/json-response";
import { fixFlaggedRow } from "@/lib/row-fixes/fix-flagged-row";
import { flaggedRowsPathSchema, readJsonBody, rowFixBodySchema, rowFixResultSchema } from "@/lib/row-fixes/row-fix-api";
import { type RouteContext, withApiUser } from "../../../../with-api-user";

export const dynamic = "force-dynamic";

export const POST = withApiUser(async (request, user, { params }: RouteContext) => {
  const { id, rowId } = parsePathParams(flaggedRowsPathSchema, await params);
  const fix = await readJsonBody(request, rowFixBodySchema);
  return jsonResponse(rowFixResultSchema, await fixFlaggedRow(user.id, id, rowId, fix));
});
