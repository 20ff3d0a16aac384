// GET /api/v1/batches/:id/rows — a page of the batch's invalid and risky rows (?file=&reason=&page=).
import { batchPathSchema, parsePathParams } from "@/lib/api/api-params";
import { jsonResponse } from "@/lib/api/json-response";
import { getBatch } from "@/lib/batches/get-batch";
import { flaggedRowQuerySchema, listFlaggedRows } from "@/lib/row-fixes/list-flagged-rows";
import { flaggedRowPageSchema } from "@/lib/row-fixes/row-fix-api";
import { type RouteContext, withApiUser } from "../../../with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (request, user, { params }: RouteContext) => {
  const { id } = parsePathParams(batchPathSchema, await params);
  await getBatch(user.id, id); // 404 for a batch that is not theirs, rather than an empty page
  const query = flaggedRowQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return jsonResponse(flaggedRowPageSchema, await listFlaggedRows(user.id, id, query));
});
