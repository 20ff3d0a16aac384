// A JSON Schema from the OpenAPI document, rendered as a short type people can read:
// `string (date-time) | null`, `array of File`, `"queued" | "processing"`.
import type { ReactNode } from "react";
import { ScrollRegion } from "@/components/scroll-region";
import type { JsonSchema } from "@/lib/api/openapi-types";
import { Prose } from "./prose";

const isSchema = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null && !Array.isArray(value);

export function schemaName(ref: string): string {
  return ref.split("/").at(-1) ?? ref;
}

function join(parts: ReactNode[], separator: string): ReactNode[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]));
}

export function SchemaType({ schema }: { schema: JsonSchema }): ReactNode {
  if (typeof schema.$ref === "string") {
    const name = schemaName(schema.$ref);
    return <a href={`#schema-${name}`}>{name}</a>;
  }
  if (Array.isArray(schema.anyOf)) {
    return join(
      schema.anyOf.filter(isSchema).map((option, i) => <SchemaType key={i} schema={option} />),
      " | ",
    );
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type === "array" && isSchema(schema.items)) {
    return (
      <>
        array of <SchemaType schema={schema.items} />
      </>
    );
  }
  if (schema.type === "object" && isSchema(schema.additionalProperties) && !schema.properties) {
    const keys = isSchema(schema.propertyNames) ? <SchemaType schema={schema.propertyNames} /> : "string";
    return (
      <>
        map of {keys} → <SchemaType schema={schema.additionalProperties} />
      </>
    );
  }
  const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
  return `${typeof schema.type === "string" ? schema.type : "any"}${format}`;
}

/** Constraints worth a reader's attention: range, length, default. */
export function constraints(schema: JsonSchema): string {
  const parts: string[] = [];
  if (typeof schema.minimum === "number" && typeof schema.maximum === "number") parts.push(`${schema.minimum}–${schema.maximum}`);
  if (typeof schema.maxLength === "number") parts.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.maxItems === "number") parts.push(`at most ${schema.maxItems} items`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join("; ");
}

/** The properties of an object schema as a table; nested objects get their own rows, dotted. */
export function PropertyTable({ schema, className, label }: { schema: JsonSchema; className?: string; label: string }) {
  const rows: { name: string; schema: JsonSchema; required: boolean }[] = [];
  const collect = (object: JsonSchema, prefix: string) => {
    const required = new Set(Array.isArray(object.required) ? object.required : []);
    for (const [name, property] of Object.entries(isSchema(object.properties) ? object.properties : {})) {
      if (!isSchema(property)) continue;
      rows.push({ name: `${prefix}${name}`, schema: property, required: required.has(name) });
      if (property.type === "object" && isSchema(property.properties)) collect(property, `${prefix}${name}.`);
    }
  };
  collect(schema, "");
  if (rows.length === 0) return null;
  return (
    <ScrollRegion label={label}>
      <table className={className}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                <code>{row.name}</code>
                {row.required ? null : <span className="muted"> (optional)</span>}
              </th>
              <td>
                <SchemaType schema={row.schema} />
              </td>
              <td>
                <Prose text={[typeof row.schema.description === "string" ? row.schema.description : "", constraints(row.schema)].filter(Boolean).join(" — ")} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
