// The events Tidings sends to webhook endpoints and the JSON bodies they carry.
// The contract for receivers is documented in lib/webhooks/README.md; keep both in step.
import { z } from "zod";
import type { BatchOutcome } from "../notifications/rules/evaluate-notification";

/** Event types an endpoint can subscribe to. `batch.failed` covers partly failed batches too. */
export const WEBHOOK_EVENT_TYPES = ["batch.succeeded", "batch.failed"] as const;
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/**
 * The form field of one event's checkbox. One name per event: a form turned into an
 * object keeps a single value per name, so the checkboxes cannot share one.
 */
export const eventFieldName = (type: WebhookEventType) => `event:${type}`;

/** Sent only from settings ("Send test event"); no endpoint subscribes to it. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const webhookEventLabels: Record<WebhookEventType, { label: string; hint: string }> = {
  "batch.succeeded": { label: "Batch succeeded", hint: "every file was processed" },
  "batch.failed": { label: "Batch failed", hint: "some or all files failed" },
};

/** The same split as the email categories: a partial batch is a failure to hear about. */
export function webhookEventForOutcome(outcome: BatchOutcome): WebhookEventType {
  return outcome === "completed" ? "batch.succeeded" : "batch.failed";
}

export type BatchWebhookBody = {
  type: WebhookEventType;
  /** When the batch finished (ISO 8601): the same on every retry. */
  timestamp: string;
  data: {
    batch_id: string;
    outcome: BatchOutcome;
    uploaded_at: string;
    batch_url: string;
    files: { id: string; name: string; status: "completed" | "failed" | "cancelled"; rows: number; valid: number; error: string | null }[];
    totals: {
      files: { total: number; completed: number; failed: number; cancelled: number };
      rows: number;
      verdicts: Record<string, number>;
    };
  };
};

export type TestWebhookBody = { type: typeof WEBHOOK_TEST_EVENT; timestamp: string; data: { endpoint_id: string; message: string } };

export function testWebhookBody(endpointId: string, now: Date = new Date()): TestWebhookBody {
  return {
    type: WEBHOOK_TEST_EVENT,
    timestamp: now.toISOString(),
    data: { endpoint_id: endpointId, message: "A test event from Tidings. If the signature verifies, your endpoint is ready." },
  };
}
