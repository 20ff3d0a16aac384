// POST /api/v1/batches/:id/retry — queue the failed files of a finished batch again, 202.
import { batchPathSchema, parsePathParams } from "@/lib/api/api-params";
import { retryResultSchema } from "@/lib/api/api-schemas";
import { jsonResponse } from "@/lib/api/json-response";
import { retryFailedFiles } from "@/lib/batches/retry-failed-files";
import { webBoss } from "@/lib/queue/boss";
import { type RouteContext, withApiUser } from "../../../with-api-user";

export const dynamic = "force-dynamic";

export const POST = withApiUser(async (_request, user, { params }: RouteContext) => {
  const { id } = parsePathParams(batchPathSchema, await params);
  const result = await retryFailedFiles(await webBoss(), user.id, id);
  return jsonResponse(retryResultSchema, result, { status: 202 });
});
