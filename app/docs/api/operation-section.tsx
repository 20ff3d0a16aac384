// One endpoint of the API page: what it does, its parameters, body, responses and a curl example.
import { ScrollRegion } from "@/components/scroll-region";
import type { OpenApiDocument, OpenApiOperation } from "@/lib/api/openapi-types";
import styles from "./api-docs.module.css";
import { Prose } from "./prose";
import { constraints, PropertyTable, SchemaType, schemaName } from "./schema-type";

type Props = { method: string; path: string; operation: OpenApiOperation; spec: OpenApiDocument };

export function OperationSection({ method, path, operation, spec }: Props) {
  const upload = operation.requestBody?.content["multipart/form-data"];
  return (
    <section className={`card ${styles.operation}`} id={operation.operationId} aria-labelledby={`${operation.operationId}-title`}>
      <h3 id={`${operation.operationId}-title`} className={styles.operationTitle}>
        <span className={styles.method} data-method={method}>
          {method.toUpperCase()}
        </span>{" "}
        <code>{path}</code>
      </h3>
      <p>
        <strong>{operation.summary}.</strong> <Prose text={operation.description} />
      </p>
      {operation.security?.length === 0 ? <p className="muted">No token needed.</p> : null}

      {operation.parameters?.length ? (
        <>
          <h4>Parameters</h4>
          <ScrollRegion label={`Parameters of ${operation.summary}`}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">In</th>
                  <th scope="col">Type</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {operation.parameters.map((parameter) => (
                  <tr key={`${parameter.in}-${parameter.name}`}>
                    <th scope="row">
                      <code>{parameter.name}</code>
                      {parameter.required ? null : <span className="muted"> (optional)</span>}
                    </th>
                    <td>{parameter.in}</td>
                    <td>
                      <SchemaType schema={parameter.schema} />
                    </td>
                    <td>
                      <Prose text={[parameter.description ?? "", constraints(parameter.schema)].filter(Boolean).join(" — ")} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      ) : null}

      {upload ? (
        <>
          <h4>Body: multipart/form-data</h4>
          <PropertyTable schema={upload.schema} className={styles.table} label={`Body fields of ${operation.summary}`} />
          <p className="muted">
            The <code>options</code> part is JSON: see <a href="#schema-BatchOptions">BatchOptions</a>.
          </p>
        </>
      ) : null}

      <h4>Responses</h4>
      <ul className={styles.responses}>
        {Object.entries(operation.responses).map(([status, response]) => {
          const resolved = "$ref" in response ? spec.components.responses[schemaName(response.$ref)] : response;
          const body = Object.entries(resolved?.content ?? {})[0];
          return (
            <li key={status}>
              <code className={styles.status}>{status}</code> <Prose text={resolved?.description ?? ""} />
              {body ? (
                <span className="muted">
                  {" "}
                  — {body[0]}
                  {typeof body[1].schema.$ref === "string" ? (
                    <>
                      , <SchemaType schema={body[1].schema} />
                    </>
                  ) : null}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>

      {operation["x-codeSamples"].map((sample) => (
        <figure key={sample.label} className={styles.example}>
          <figcaption>Example ({sample.label})</figcaption>
          <pre tabIndex={0}>
            <code>{sample.source}</code>
          </pre>
        </figure>
      ))}
    </section>
  );
}
