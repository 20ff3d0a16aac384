// GET /api/v1/batches/:id — one batch with its files, stats, timings and download URLs.
import { batchPathSchema, parsePathParams } from "@/lib/api/api-params";
import { batchResponseSchema } from "@/lib/api/api-schemas";
import { jsonResponse } from "@/lib/api/json-response";
import { toApiBatch } from "@/lib/api/to-api-batch";
import { getBatch } from "@/lib/batches/get-batch";
import { env } from "@/lib/env";
import { type RouteContext, withApiUser } from "../../with-api-user";

export const dynamic = "force-dynamic";

export const GET = withApiUser(async (_request, user, { params }: RouteContext) => {
  const { id } = parsePathParams(batchPathSchema, await params);
  const batch = await getBatch(user.id, id);
  return jsonResponse(batchResponseSchema, { batch: toApiBatch(batch, env().APP_URL) });
});
