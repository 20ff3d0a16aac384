// Builds the OpenAPI 3.1 document from apiOperations and the zod schemas: response
// bodies come from the registered schemas (z.toJSONSchema), parameters from the
// schemas the route handlers parse with, the upload options from batchOptionsSchema.
import { z } from "zod";
import { batchOptionsSchema } from "../batches/batch-options";
import { type ApiOperation, type ErrorStatus, apiOperations, exampleBatchOptions } from "./api-operations";
import { apiErrorSchema, apiSchemaRegistry } from "./api-schemas";
import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiResponse } from "./openapi-types";

const componentRef = (id: string) => `#/components/schemas/${id}`;

// Noise for readers: the long regexes zod adds to formats (date-time, email), and
// the safe-integer bounds it adds to every integer.
const dropNoise = ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
  if (typeof jsonSchema.format === "string") delete jsonSchema.pattern;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
};

/** A JSON Schema as it sits inside an OpenAPI document: no `$schema`, no `$id`. */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function inputSchema(schema: z.ZodType): JsonSchema {
  return embedded(z.toJSONSchema(schema, { io: "input", override: dropNoise }) as JsonSchema);
}

function componentSchemas(): Record<string, JsonSchema> {
  const generated = z.toJSONSchema(apiSchemaRegistry, { uri: componentRef, override: dropNoise });
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([id, schema]) => [id, embedded(schema as JsonSchema)]));
  schemas.BatchOptions = {
    ...inputSchema(batchOptionsSchema),
    description: "The optional `options` part of an upload: who hears about the outcome, and which outcomes. Every field has a default; when `notifications.email` is left out, the uploader's own default (Settings → Notifications) decides it.",
    examples: [exampleBatchOptions],
  };
  return schemas;
}

function refTo(schema: z.ZodType): JsonSchema {
  const id = apiSchemaRegistry.get(schema)?.id;
  if (!id) throw new Error("API response schemas must be registered in apiSchemaRegistry");
  return { $ref: componentRef(id) };
}

function parameters(operation: ApiOperation): OpenApiParameter[] {
  const list: OpenApiParameter[] = [];
  const add = (schema: z.ZodObject, where: "path" | "query", descriptions: Record<string, string> = {}) => {
    const json = inputSchema(schema);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      const text = descriptions[name] ?? (typeof description === "string" ? description : undefined);
      list.push({ name, in: where, required: where === "path" || required.has(name), ...(text ? { description: text } : {}), schema: propertySchema });
    }
  };
  if (operation.pathParams) add(operation.pathParams, "path");
  if (operation.query) add(operation.query.schema, "query", operation.query.descriptions);
  return list;
}

const uploadBody: OpenApiOperation["requestBody"] = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object",
        required: ["files"],
        properties: {
          files: {
            type: "array",
            items: { type: "string", contentMediaType: "text/csv" },
            description: "One or more files. Every part with a filename is taken as a file, whatever its field name.",
          },
          options: { $ref: componentRef("BatchOptions") },
          email_column: { type: "string", maxLength: 200, description: "Shortcut for `options.email_column`; the JSON wins when both are given." },
          keep_risky: {
            type: "string",
            enum: ["true", "false"],
            description: "Shortcut for `options.keep_risky` (risky rows in the stored cleaned list too); the JSON wins when both are given.",
          },
        },
      },
      encoding: { options: { contentType: "application/json" } },
    },
  },
};

function successResponse(success: ApiOperation["success"]): OpenApiResponse {
  if ("json" in success) return { description: success.description, content: { "application/json": { schema: refTo(success.json) } } };
  if ("csv" in success) return { description: success.description, content: { "text/csv": { schema: { type: "string" } } } };
  return { description: success.description, content: { "application/json": { schema: { type: "object" } } } };
}

const errorResponses: Record<ErrorStatus, string> = {
  400: "Malformed request: not valid multipart/form-data, an interrupted upload, no files, or a download `format` or `risky` that does not exist.",
  401: "The API token is missing, malformed, unknown or revoked.",
  404: "No such batch or file among yours. Other people's batches are not found either.",
  409: "The batch's state does not allow this: nothing to retry, or still running.",
  413: "An upload limit was exceeded; `details.limit` says which.",
  415: "The request body is not multipart/form-data.",
  422: "The input failed validation; `details.issues` lists each problem with its path where there is one.",
  429: "Too many requests. Wait the number of seconds in the Retry-After header.",
  503: "`service_unavailable`: Tidings cannot reach its database for now. Retry after the seconds in the Retry-After header.",
};

function operationObject(operation: ApiOperation, baseUrl: string): OpenApiOperation {
  const params = parameters(operation);
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description,
    ...(operation.authenticated ? {} : { security: [] }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(operation.upload ? { requestBody: uploadBody } : {}),
    ...(operation.jsonBody ? { requestBody: { required: true, content: { "application/json": { schema: inputSchema(operation.jsonBody) } } } } : {}),
    responses: {
      [operation.success.status]: successResponse(operation.success),
      ...Object.fromEntries(operation.errors.map((status) => [status, { $ref: `#/components/responses/${status}` }])),
    },
    "x-codeSamples": [{ lang: "Shell", label: "curl", source: operation.curl(baseUrl) }],
  };
}

/** The document for a deployment reachable at `baseUrl` (APP_URL). */
export function openApiDocument(baseUrl: string): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of apiOperations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation, baseUrl) };
  }
  const errorContent = { "application/json": { schema: refTo(apiErrorSchema) } };
  return {
    openapi: "3.1.0",
    info: {
      title: "Tidings API",
      version: "1.0.0",
      description:
        "Upload contact lists, follow their verification, download the results. Every error is `{ error: { code, message, details? } }`. " +
        "Any operation may answer 503 `service_unavailable` with a Retry-After header while Tidings cannot reach its database: retry then.",
    },
    servers: [{ url: baseUrl }],
    security: [{ apiToken: [] }],
    paths,
    components: {
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "tdg_…",
          description: "A personal API token from Settings → API tokens, sent as `Authorization: Bearer tdg_…`.",
        },
      },
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.entries(errorResponses).map(([status, description]) => [
          status,
          status === "429" || status === "503"
            ? { description, headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } }, content: errorContent }
            : { description, content: errorContent },
        ]),
      ),
    },
  };
}
