// GET /api/v1/openapi.json — the API's OpenAPI 3.1 document, generated from its zod schemas. Public.
import { openApiDocument } from "@/lib/api/openapi-document";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return Response.json(openApiDocument(env().APP_URL), {
    headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" },
  });
}
