// GET /api/metrics: the Prometheus text format, for a scraper holding METRICS_TOKEN.
// Without the setting the address does not exist (404: nothing to find for a
// stranger probing it); with it, a missing or wrong token is 401, so an operator can
// tell "not enabled" from "wrong token".
import { timingSafeEqual } from "node:crypto";
import { Registry } from "prom-client";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { requestMetricsRegistry } from "./request-metrics";
import { collectSystemMetrics } from "./system-metrics";

const METRICS_CHALLENGE = 'Bearer realm="tidings-metrics"';

export function assertMetricsAccess(authorization: string | null, token: string | undefined): void {
  if (!token) throw new AppError("not_found", "Not found.");
  const given = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    // The challenge tells a scraper (and a person with curl) which scheme to send.
    throw new AppError("unauthorized", "Send the METRICS_TOKEN setting as a Bearer token.", undefined, { "www-authenticate": METRICS_CHALLENGE });
  }
}

/** The system's numbers (from the database) and this web process's request latency, in one text. */
export async function scrapeMetrics(database: Db): Promise<{ contentType: string; body: string }> {
  const merged = Registry.merge([await collectSystemMetrics(database), requestMetricsRegistry()]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
