// Maps any error to the one JSON error shape. Expected failures (AppError, and the
// database being away: 503 service_unavailable with Retry-After) keep their code and
// message; anything else is logged and answered 500 without internals.
import { z } from "zod";
import { AppError, expectedError } from "../errors";
import { log } from "../log";
import { observeRequest } from "../metrics/request-metrics";

export function errorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  if (error instanceof z.ZodError) {
    // A schema at the boundary refused the input: say which parts and why.
    const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    return errorResponse(new AppError("validation_failed", first ? `${first.path || "input"}: ${first.message}` : "Invalid input.", { issues }));
  }
  const expected = expectedError(error);
  if (expected) {
    // A warning, not an error: nothing in Tidings is broken, the database is away.
    if (expected !== error) log.warn({ event: "http.database_unavailable", ...context }, "database unavailable");
    const headers = new Headers({ ...expected.headers, "content-type": "application/json" });
    const retryAfter = expected.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") headers.set("retry-after", String(retryAfter));
    return new Response(JSON.stringify(expected.toJSON()), { status: expected.status, headers });
  }
  log.error({ event: "http.unexpected_error", err: error, ...context }, "unexpected error");
  const body = new AppError("bad_request", "Something went wrong on our side. Please try again.").toJSON();
  return Response.json({ error: { ...body.error, code: "internal_error" } }, { status: 500 });
}

/** Wraps a route handler so thrown errors become clean JSON responses. */
export function withErrorResponses<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    const started = performance.now();
    let response: Response;
    try {
      response = await handler(request, ...args);
    } catch (error) {
      response = errorResponse(error, { method: request.method, path: new URL(request.url).pathname });
    }
    observeRequest(request, response.status, (performance.now() - started) / 1000);
    return response;
  };
}
