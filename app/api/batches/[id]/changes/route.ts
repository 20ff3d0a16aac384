// GET /api/batches/:id/changes — the rows of a batch changed by hand: before, after, who, when (dashboard session).
import { withUser } from "@/app/api/route-auth";
import { parsePathParams } from "@/lib/api/api-params";
import { csvDownloadResponse } from "@/lib/http/csv-download-response";
import { openRowChanges } from "@/lib/row-fixes/open-row-changes";
import { batchOnlyPathSchema } from "@/lib/row-fixes/row-fix-params";

type Context = { params: Promise<Record<string, string>> };

export const GET = withUser(async (_request, user, { params }: Context) => {
  const { id } = parsePathParams(batchOnlyPathSchema, await params);
  return csvDownloadResponse(await openRowChanges(user.id, id));
});
