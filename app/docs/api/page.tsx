// /docs/api — the REST API for people, rendered from the same OpenAPI document that
// /api/v1/openapi.json serves. Public: no sign-in.
import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/api/openapi-document";
import { env } from "@/lib/env";
import styles from "./api-docs.module.css";
import { OperationSection } from "./operation-section";
import { Prose } from "./prose";
import { ResultFilesSection } from "./result-files-section";
import { PropertyTable } from "./schema-type";

export const metadata: Metadata = { title: "API" };
// The document names this deployment's address, known at run time only.
export const dynamic = "force-dynamic";

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export default function ApiDocsPage() {
  const spec = openApiDocument(env().APP_URL);
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );
  const auth = spec.components.securitySchemes.apiToken;
  const errorExample = (spec.components.schemas.Error?.examples as unknown[] | undefined)?.[0];
  const schemas = Object.entries(spec.components.schemas);

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <p className={styles.brand}>
          <Link href="/">Tidings</Link>
        </p>
        <h1>{spec.info.title}</h1>
        <p>
          <Prose text={spec.info.description} /> Version {spec.info.version}.
        </p>
        <p>
          Machine-readable: <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>. Base URL: <code>{spec.servers[0]?.url}</code>
        </p>
      </header>

      <nav aria-labelledby="contents-title" className={`card ${styles.toc}`}>
        <h2 id="contents-title">Contents</h2>
        <ul>
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operation.operationId}`}>
                <span className={styles.method} data-method={method}>
                  {method.toUpperCase()}
                </span>{" "}
                <code>{path}</code>
              </a>{" "}
              — {operation.summary}
            </li>
          ))}
          <li>
            <a href="#results">Result files</a> — the cleaned and report CSVs, verdicts, reason codes
          </li>
        </ul>
      </nav>

      <main className={styles.main}>
        <section aria-labelledby="auth-title">
          <h2 id="auth-title">Authentication</h2>
          <p>
            <Prose text={auth?.description ?? ""} /> Create and revoke tokens under <Link href="/settings">Settings → API tokens</Link>; a token is shown once, when it
            is created. Requests without a valid token get <code>401</code>. Each person may make{" "}
            {env().API_RATE_LIMIT_PER_MINUTE} requests a minute; beyond that the answer is <code>429</code> with a <code>Retry-After</code> header.
          </p>
          <pre tabIndex={0}>
            <code>{`export TIDINGS_TOKEN=tdg_…\ncurl ${spec.servers[0]?.url}/api/v1/batches -H "Authorization: Bearer $TIDINGS_TOKEN"`}</code>
          </pre>
        </section>

        <section aria-labelledby="errors-title">
          <h2 id="errors-title">Errors</h2>
          <p>Every error has the same JSON shape and a stable machine-readable code:</p>
          <pre tabIndex={0}>
            <code>{pretty(errorExample)}</code>
          </pre>
          <table className={styles.table}>
            <caption className="visually-hidden">Error statuses</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Meaning</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(spec.components.responses).map(([status, response]) => (
                <tr key={status}>
                  <th scope="row">
                    <code>{status}</code>
                  </th>
                  <td>
                    <Prose text={response.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Another person&apos;s batch is always “not found” (404), never “forbidden”: its existence is nobody else&apos;s business.</p>
        </section>

        <section aria-labelledby="endpoints-title">
          <h2 id="endpoints-title">Endpoints</h2>
          {operations.map(({ path, method, operation }) => (
            <OperationSection key={operation.operationId} method={method} path={path} operation={operation} spec={spec} />
          ))}
        </section>

        <ResultFilesSection />

        <section aria-labelledby="schemas-title">
          <h2 id="schemas-title">Schemas</h2>
          {schemas.map(([name, schema]) => (
            <section key={name} id={`schema-${name}`} className={styles.schema} aria-labelledby={`schema-${name}-title`}>
              <h3 id={`schema-${name}-title`}>{name}</h3>
              {typeof schema.description === "string" ? (
                <p>
                  <Prose text={schema.description} />
                </p>
              ) : null}
              {Array.isArray(schema.enum) ? (
                <p>
                  One of: <code>{schema.enum.map((value) => JSON.stringify(value)).join(" | ")}</code>
                </p>
              ) : (
                <PropertyTable schema={schema} className={styles.table} label={`Fields of ${name}`} />
              )}
              {Array.isArray(schema.examples) && name !== "Error" ? (
                <pre tabIndex={0}>
                  <code>{pretty(schema.examples[0])}</code>
                </pre>
              ) : null}
            </section>
          ))}
        </section>
      </main>
    </div>
  );
}
