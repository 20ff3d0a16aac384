// JSON responses typed by the schema the OpenAPI document publishes for them, so a
// handler cannot drift from the documented shape without the compiler noticing.
import type { z } from "zod";

export function jsonResponse<Schema extends z.ZodType>(_schema: Schema, body: z.output<Schema>, init: ResponseInit = {}): Response {
  return Response.json(body, init);
}
