// POST /api/v1/batches — create a batch from uploaded files (multipart), 202.
// GET  /api/v1/batches — your batches, newest first, a page at a time, with counts by status.
import { toApiBatch } from "@/lib/api/to-api-batch";
import { batchPageSchema, createdBatchResponseSchema } from "@/lib/api/api-schemas";
import { jsonResponse } from "@/lib/api/json-response";
import { toBatchView } from "@/lib/batches/batch-view";
import { listBatches, parseListBatchesQuery } from "@/lib/batches/list-batches";
import { env } from "@/lib/env";
import { withSecurityHeaders } from "@/lib/http/with-security-headers";
import { webBoss } from "@/lib/queue/boss";
import { uploadBatch } from "@/lib/uploads/upload-batch";
import { withApiUser } from "../with-api-user";

export const dynamic = "force-dynamic";

// Uploads skip proxy.ts (see its matcher), so this answer sets the security headers itself.
export const POST = withSecurityHeaders(
  withApiUser(async (request, user) => {
    const { batch, refused } = await uploadBatch(await webBoss(), request, { userId: user.id, source: "api" });
    const body = { batch: toApiBatch(toBatchView(batch), env().APP_URL), ...(refused.length > 0 ? { refused } : {}) };
    return jsonResponse(createdBatchResponseSchema, body, { status: 202 });
  }),
);

export const GET = withApiUser(async (request, user) => {
  const query = parseListBatchesQuery(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listBatches(user.id, query);
  return jsonResponse(batchPageSchema, { ...page, items: page.items.map((batch) => toApiBatch(batch, env().APP_URL)) });
});
