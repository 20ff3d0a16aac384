// Request latency of this web process: unlike the system's numbers (system-metrics.ts),
// only this process sees its requests, so each web server reports its own and a
// scraper asks every one of them. Kept on globalThis so that Next's separately
// bundled route modules in one process share one histogram.
import { Histogram, Registry } from "prom-client";

type RequestMetrics = { registry: Registry; duration: Histogram<"method" | "route" | "status"> };

const KEY = Symbol.for("tidings.requestMetrics");

function requestMetrics(): RequestMetrics {
  const holder = globalThis as { [KEY]?: RequestMetrics };
  if (!holder[KEY]) {
    const registry = new Registry();
    const duration = new Histogram({
      name: "tidings_http_request_duration_seconds",
      help: "Time from a request reaching an API route handler to its response headers, in this web process.",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    holder[KEY] = { registry, duration };
  }
  return holder[KEY];
}

// Generated ids (cuid, uuid, tokens) in a path become ":id", so each route is one series, not one per batch.
const ID_SEGMENT = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;

/** "/api/v1/batches/cmf3k…/files/cmf4…/cleaned" → "/api/v1/batches/:id/files/:id/cleaned". */
export function routeLabel(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? ":id" : segment))
    .join("/");
}

export function observeRequest(request: Request, status: number, seconds: number): void {
  const route = routeLabel(new URL(request.url).pathname);
  requestMetrics().duration.observe({ method: request.method, route, status: String(status) }, seconds);
}

export function requestMetricsRegistry(): Registry {
  return requestMetrics().registry;
}
