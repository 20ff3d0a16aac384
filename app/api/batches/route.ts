// POST /api/batches — the dashboard's upload: multipart files → a batch, 202.
// GET  /api/batches — the signed-in person's batches, for live updates.
import { listBatches, parseListBatchesQuery } from "@/lib/batches/list-batches";
import { toBatchView } from "@/lib/batches/batch-view";
import { env } from "@/lib/env";
import { assertSameOriginRequest } from "@/lib/http/same-origin-request";
import { withSecurityHeaders } from "@/lib/http/with-security-headers";
import { webBoss } from "@/lib/queue/boss";
import { uploadBatch } from "@/lib/uploads/upload-batch";
import { withUser } from "../route-auth";

export const dynamic = "force-dynamic";

// The session cookie rides along on any site's POST: refuse uploads another site started.
// Uploads skip proxy.ts (see its matcher), so this answer sets the security headers itself.
export const POST = withSecurityHeaders(
  withUser(async (request, user) => {
    assertSameOriginRequest(request, new URL(env().APP_URL).origin);
    const { batch, refused } = await uploadBatch(await webBoss(), request, { userId: user.id, source: "dashboard" });
    return Response.json({ batch: toBatchView(batch), refused }, { status: 202 });
  }),
);

export const GET = withUser(async (request, user) => {
  const query = parseListBatchesQuery(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listBatches(user.id, query), { headers: { "cache-control": "no-store" } });
});
