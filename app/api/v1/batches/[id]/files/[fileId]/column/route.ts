// POST /api/v1/batches/:id/files/:fileId/column — run a file again with the email column named in {"column": …}, 202.
import { parsePathParams } from "@/lib/api/api-params";
import { jsonResponse } from "@/lib/api/json-response";
import { rerunFileWithColumn } from "@/lib/batches/rerun-file-with-column";
import { webBoss } from "@/lib/queue/boss";
import { pickColumnBodySchema, readJsonBody, rerunResultSchema } from "@/lib/row-fixes/row-fix-api";
import { batchFilePathSchema } from "@/lib/row-fixes/row-fix-params";
import { type RouteContext, withApiUser } from "../../../../../with-api-user";

export const dynamic = "force-dynamic";

export const POST = withApiUser(async (request, user, { params }: RouteContext) => {
  const { id, fileId } = parsePathParams(batchFilePathSchema, await params);
  const { column } = await readJsonBody(request, pickColumnBodySchema);
  await rerunFileWithColumn(await webBoss(), user.id, id, fileId, column);
  return jsonResponse(rerunResultSchema, { fileId, column, status: "queued" }, { status: 202 });
});
