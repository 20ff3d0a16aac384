"use client";

// The interactive parts of Settings → Notifications → Webhooks: add and edit an
// endpoint, turn it on or off, send a test event, rotate the secret, delete.
import { useActionState, useId, useState } from "react";
import { formatDuration } from "@/components/format";
import { ShownOnceSecret } from "@/components/shown-once-secret/shown-once-secret";
import { ActionError } from "@/app/action-error";
import type { ActionState } from "@/app/action-state";
import { eventFieldName, WEBHOOK_EVENT_TYPES, webhookEventLabels, type WebhookEventType } from "@/lib/webhooks/webhook-events";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  rotateWebhookSecretAction,
  sendTestEventAction,
  setWebhookEnabledAction,
  updateWebhookEndpointAction,
} from "./webhook-actions";
import styles from "./webhooks.module.css";

export type EndpointSummary = { id: string; url: string; description: string | null; events: WebhookEventType[]; enabled: boolean };

/** URL, description and event checkboxes, shared by the add and edit forms. */
function EndpointFields({ values, state }: { values?: EndpointSummary; state: ActionState<unknown> }) {
  const id = useId();
  const fields = state && !state.ok ? (state.error.fields ?? {}) : {};
  return (
    <>
      <div className={styles.field}>
        <label className="label" htmlFor={`${id}-url`}>
          Endpoint URL
        </label>
        <input
          id={`${id}-url`}
          name="url"
          type="url"
          className="input"
          required
          maxLength={2048}
          autoComplete="off"
          placeholder="https://example.com/webhooks/tidings"
          defaultValue={values?.url}
          aria-invalid={fields.url ? true : undefined}
          aria-describedby={fields.url ? `${id}-url-error` : undefined}
        />
        {fields.url ? (
          <p id={`${id}-url-error`} className={styles.fieldError}>
            {fields.url}
          </p>
        ) : null}
      </div>
      <div className={styles.field}>
        <label className="label" htmlFor={`${id}-description`}>
          Description <span className="muted">(optional)</span>
        </label>
        <input
          id={`${id}-description`}
          name="description"
          className="input"
          maxLength={200}
          autoComplete="off"
          placeholder="e.g. CRM sync"
          defaultValue={values?.description ?? ""}
        />
      </div>
      <fieldset className={styles.events} aria-describedby={fields.events ? `${id}-events-error` : undefined}>
        <legend className="label">Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className={styles.checkbox}>
            <input type="checkbox" name={eventFieldName(type)} defaultChecked={values ? values.events.includes(type) : true} />
            <span>
              {webhookEventLabels[type].label} <code>{type}</code>
              <span className={styles.hint}>{webhookEventLabels[type].hint}</span>
            </span>
          </label>
        ))}
        {fields.events ? (
          <p id={`${id}-events-error`} className={styles.fieldError}>
            {fields.events}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

export function AddWebhookForm({ atLimit }: { atLimit: boolean }) {
  const [state, create, pending] = useActionState(createWebhookEndpointAction, null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = state?.ok && state.data && state.data.secret !== dismissed ? state.data : null;

  return (
    <>
      {atLimit ? (
        <p className="muted">You have the most webhook endpoints allowed. Delete one to add another.</p>
      ) : (
        <details className={styles.add}>
          <summary className="button button-secondary">Add endpoint</summary>
          <form action={create} className={styles.form}>
            <EndpointFields state={state} />
            <button className="button" type="submit" disabled={pending}>
              {pending ? "Adding…" : "Add endpoint"}
            </button>
            <ActionError state={state} />
          </form>
        </details>
      )}
      {/* Outside the form: adding the last endpoint allowed hides the form, not the new secret. */}
      {created ? (
        <SecretNotice key={created.secret} secret={created.secret} title={`Copy the signing secret of ${created.url} now`} onDone={() => setDismissed(created.secret)} />
      ) : null}
    </>
  );
}

function SecretNotice({ secret, title, onDone }: { secret: string; title: string; onDone: () => void }) {
  return (
    <ShownOnceSecret title={title} label="Signing secret" noun="secret" value={secret} onDone={onDone} className={styles.secret}>
      Your endpoint verifies each request with it (any Standard Webhooks library does this). Store it with your endpoint&rsquo;s configuration.
    </ShownOnceSecret>
  );
}

/** Everything one can do to an existing endpoint. */
export function WebhookEndpointControls({ endpoint }: { endpoint: EndpointSummary }) {
  return (
    <div className={styles.controls}>
      <div className={styles.buttons}>
        <EnabledToggle endpoint={endpoint} />
        <TestEventButton endpointId={endpoint.id} />
      </div>
      <EditEndpoint endpoint={endpoint} />
      <RotateSecret endpoint={endpoint} />
      <DeleteEndpoint endpoint={endpoint} />
    </div>
  );
}

function EnabledToggle({ endpoint }: { endpoint: EndpointSummary }) {
  const [state, toggle, pending] = useActionState(setWebhookEnabledAction, null);
  return (
    <form action={toggle}>
      <input type="hidden" name="endpointId" value={endpoint.id} />
      <input type="hidden" name="enabled" value={endpoint.enabled ? "false" : "true"} />
      <button className="button button-secondary" type="submit" disabled={pending} aria-describedby={`webhook-${endpoint.id}-state`}>
        {endpoint.enabled ? "Turn off" : "Turn on"}
      </button>
      <span role="status" className="visually-hidden">
        {state?.ok ? state.message : ""}
      </span>
      <ActionError state={state} />
    </form>
  );
}

function TestEventButton({ endpointId }: { endpointId: string }) {
  const [state, send, pending] = useActionState(sendTestEventAction, null);
  const result = state?.ok ? state.data : undefined;
  return (
    <form action={send} className={styles.testForm}>
      <input type="hidden" name="endpointId" value={endpointId} />
      <button className="button button-secondary" type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send test event"}
      </button>
      <p role="status" className={result?.outcome === "delivered" ? styles.testOk : styles.testFailed}>
        {pending ? "" : result ? describeTestResult(result) : ""}
      </p>
      <ActionError state={state} />
    </form>
  );
}

function describeTestResult(result: { outcome: string; status: number | null; durationMs: number; error: string | null }): string {
  const took = formatDuration(result.durationMs);
  if (result.outcome === "delivered") return `Delivered: the endpoint answered ${result.status} in ${took}.`;
  return `Not delivered${result.status === null ? "" : ` (${result.status})`} after ${took}: ${result.error ?? "no answer"}`;
}

function EditEndpoint({ endpoint }: { endpoint: EndpointSummary }) {
  const [state, save, pending] = useActionState(updateWebhookEndpointAction, null);
  return (
    <details className={styles.disclosure}>
      <summary className="button button-secondary">
        Edit…<span className="visually-hidden"> endpoint {endpoint.url}</span>
      </summary>
      <form action={save} className={styles.form}>
        <input type="hidden" name="endpointId" value={endpoint.id} />
        <EndpointFields values={endpoint} state={state} />
        <button className="button" type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </button>
        <p role="status" className="muted">
          {state?.ok ? state.message : ""}
        </p>
        <ActionError state={state} />
      </form>
    </details>
  );
}

function RotateSecret({ endpoint }: { endpoint: EndpointSummary }) {
  const [state, rotate, pending] = useActionState(rotateWebhookSecretAction, null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const secret = state?.ok && state.data && state.data.secret !== dismissed ? state.data.secret : null;
  return (
    <>
      <details className={styles.disclosure}>
        <summary className="button button-secondary">
          Rotate secret…<span className="visually-hidden"> of {endpoint.url}</span>
        </summary>
        <form action={rotate} className={styles.confirm}>
          <input type="hidden" name="endpointId" value={endpoint.id} />
          <p>Create a new signing secret? The current one stops working at once: requests from now on are signed with the new one only.</p>
          <button className={`button ${styles.danger}`} type="submit" disabled={pending}>
            {pending ? "Rotating…" : "Rotate secret"}
          </button>
          <ActionError state={state} />
        </form>
      </details>
      {secret ? <SecretNotice key={secret} secret={secret} title="Copy the new signing secret now" onDone={() => setDismissed(secret)} /> : null}
    </>
  );
}

function DeleteEndpoint({ endpoint }: { endpoint: EndpointSummary }) {
  const [state, remove, pending] = useActionState(deleteWebhookEndpointAction, null);
  return (
    <details className={styles.disclosure}>
      <summary className="button button-secondary">
        Delete…<span className="visually-hidden"> endpoint {endpoint.url}</span>
      </summary>
      <form action={remove} className={styles.confirm}>
        <input type="hidden" name="endpointId" value={endpoint.id} />
        <p>Delete this endpoint and its recent attempts? Webhooks on their way to it are not sent. This cannot be undone.</p>
        <button className={`button ${styles.danger}`} type="submit" disabled={pending}>
          {pending ? "Deleting…" : "Delete endpoint"}
        </button>
        <ActionError state={state} />
      </form>
    </details>
  );
}
