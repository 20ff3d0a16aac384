// GET /api/metrics — Prometheus text format behind METRICS_TOKEN (Bearer); 404 when the setting is unset. See docs/metrics.md.
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { withErrorResponses } from "@/lib/http/error-response";
import { assertMetricsAccess, scrapeMetrics } from "@/lib/metrics/scrape-metrics";

export const dynamic = "force-dynamic";

export const GET = withErrorResponses(async (request: Request) => {
  assertMetricsAccess(request.headers.get("authorization"), env().METRICS_TOKEN);
  const { contentType, body } = await scrapeMetrics(db());
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
