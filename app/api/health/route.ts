// GET /api/health — database, queue and (with STORAGE_DRIVER=s3) bucket status: 200 when all answer, 503 otherwise.
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await checkHealth();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
