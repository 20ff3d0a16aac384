// GET /api/v1/batches/:id/files/:fileId/preview — the first rows of an uploaded file, to pick its email column from.
import { parsePathParams } from "@/lib/api/api-params";
import { jsonResponse } from "@/lib/api/json-response";
import { previewFileRows } from "@/lib/batches/preview-file-rows";
import { filePreviewSchema } from "@/lib/row-fixes/row-fix-api";
import { batchFilePathSchema } from "@/lib/row-fixes/row-fix-params";
import { type RouteContext, withApiUser } from "../../../../../with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (_request, user, { params }: RouteContext) => {
  const { id, fileId } = parsePathParams(batchFilePathSchema, await params);
  const preview = await previewFileRows(user.id, id, fileId);
  return jsonResponse(filePreviewSchema, { columns: [...preview.columns], hasHeader: preview.hasHeader, rows: preview.rows.map((row) => [...row]) });
});
