// Settings → Notifications → Webhooks: a person's endpoints, what was sent to each and
// what came back; adding, testing, rotating and deleting happen in webhook-forms.tsx.
import { formatDuration } from "@/components/format";
import { ScrollRegion } from "@/components/scroll-region";
import { formatInZone } from "@/lib/notifications/deliveries/delivery-reason-text";
import { loadPreferences } from "@/lib/notifications/preferences/preference-store";
import {
  listWebhookAttempts,
  listWebhookEndpoints,
  MAX_WEBHOOK_ENDPOINTS,
  type WebhookAttemptView,
  type WebhookEndpointView,
} from "@/lib/webhooks/manage-endpoints";
import { webhookEventLabels } from "@/lib/webhooks/webhook-events";
import { AddWebhookForm, WebhookEndpointControls } from "./webhook-forms";
import styles from "./webhooks.module.css";

const ATTEMPTS_SHOWN = 10;

export async function WebhooksSection({ userId }: { userId: string }) {
  const [endpoints, { timeZone }] = await Promise.all([listWebhookEndpoints(userId), loadPreferences(userId)]);
  const attempts = await Promise.all(endpoints.map((endpoint) => listWebhookAttempts(userId, endpoint.id, ATTEMPTS_SHOWN)));
  return (
    <section className={`card ${styles.section}`} aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">
        When a batch finishes, Tidings POSTs a JSON message to each endpoint subscribed to its outcome, signed the{" "}
        <a href="https://www.standardwebhooks.com">Standard Webhooks</a> way: verify the <code>webhook-signature</code> header with your
        endpoint&rsquo;s secret. Failed requests are retried for about an hour with the same <code>webhook-id</code>, so you can ignore
        repeats.
      </p>
      <AddWebhookForm atLimit={endpoints.length >= MAX_WEBHOOK_ENDPOINTS} />
      {endpoints.length === 0 ? (
        <p className="muted">No webhook endpoints yet.</p>
      ) : (
        <ul className={styles.endpoints} aria-label="Your webhook endpoints">
          {endpoints.map((endpoint, index) => (
            <li key={endpoint.id} className={styles.endpoint}>
              <EndpointCard endpoint={endpoint} attempts={attempts[index] ?? []} timeZone={timeZone} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EndpointCard({ endpoint, attempts, timeZone }: { endpoint: WebhookEndpointView; attempts: WebhookAttemptView[]; timeZone: string }) {
  const titleId = `webhook-${endpoint.id}-title`;
  return (
    <article aria-labelledby={titleId}>
      <h3 id={titleId} className={styles.url}>
        {endpoint.url}
      </h3>
      {endpoint.description ? <p className={styles.description}>{endpoint.description}</p> : null}
      <p id={`webhook-${endpoint.id}-state`} className={styles.state}>
        <span className={`${styles.badge} ${endpoint.enabled ? styles.on : styles.off}`}>{endpoint.enabled ? "On" : "Off"}</span>
        {!endpoint.enabled && endpoint.disabledReason ? <span className="muted"> {endpoint.disabledReason}</span> : null}
      </p>
      <p className={styles.subscribed}>
        <span className="muted">Events: </span>
        {endpoint.events.map((type, index) => (
          <span key={type}>
            {index > 0 ? ", " : ""}
            {webhookEventLabels[type].label} (<code>{type}</code>)
          </span>
        ))}
      </p>
      <WebhookEndpointControls
        endpoint={{ id: endpoint.id, url: endpoint.url, description: endpoint.description, events: endpoint.events, enabled: endpoint.enabled }}
      />
      <RecentAttempts endpointId={endpoint.id} attempts={attempts} timeZone={timeZone} />
    </article>
  );
}

function RecentAttempts({ endpointId, attempts, timeZone }: { endpointId: string; attempts: WebhookAttemptView[]; timeZone: string }) {
  if (attempts.length === 0) return <p className="muted">Nothing sent yet. Use “Send test event” to try the endpoint.</p>;
  return (
    <details className={styles.attempts}>
      <summary>Recent attempts ({attempts.length})</summary>
      <ScrollRegion labelledBy={`webhook-${endpointId}-attempts`} className={styles.tableWrap}>
        <table className={`data-table ${styles.table}`}>
          <caption id={`webhook-${endpointId}-attempts`} className="visually-hidden">
            Recent requests to this endpoint, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
              <th scope="col">Error or answer</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((attempt) => (
              <tr key={attempt.id}>
                <th scope="row">
                  <time dateTime={attempt.attemptedAt.toISOString()}>{formatInZone(attempt.attemptedAt, timeZone)}</time>
                </th>
                <td>
                  <code>{attempt.eventType}</code>
                </td>
                <td className={isSuccess(attempt.responseStatus) ? styles.ok : styles.failed}>{attempt.responseStatus ?? "—"}</td>
                <td>{formatDuration(attempt.durationMs)}</td>
                <td className={styles.answer}>
                  {attempt.error ? <span className={styles.failed}>{attempt.error}</span> : null}
                  {!attempt.error && attempt.responseBody ? <code>{attempt.responseBody.slice(0, 200)}</code> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;
