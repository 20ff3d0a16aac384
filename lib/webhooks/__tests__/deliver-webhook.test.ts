// The `webhook.deliver` job against a real receiver on 127.0.0.1 and real Postgres:
// the right body, signed so the person's library verifies it, once; retries for what
// may pass later, a final failure for what will not, and nothing for an endpoint
// turned off or gone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { log } from "../../log";
import { deliverWebhook, markWebhookGivenUp, WebhookRetryableError } from "../deliver-webhook";
import { createWebhookEndpoint } from "../manage-endpoints";
import { verifyStandardWebhook } from "../standard-webhooks";
import type { BatchWebhookBody } from "../webhook-events";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";
import { batchFinishedEvent, newUser, webhookDelivery } from "./support/webhook-rows";

// Read by env() on first use, which comes after this line: the receiver lives on 127.0.0.1.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
beforeEach(() => receiver.reset());
afterAll(async () => {
  await receiver.stop();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
});

const jobContext = (isLastAttempt = false) => ({ signal: new AbortController().signal, isLastAttempt, log });
const reload = (id: string) => db().delivery.findUniqueOrThrow({ where: { id } });
const attemptsOf = (deliveryId: string) => db().webhookAttempt.findMany({ where: { deliveryId }, orderBy: { attemptedAt: "asc" } });

/** A user with an endpoint at the receiver and a queued webhook delivery of a finished batch. */
async function queuedWebhook(outcome: "completed" | "partial" = "completed", events: ("batch.succeeded" | "batch.failed")[] = ["batch.succeeded", "batch.failed"]) {
  const user = await newUser();
  const { endpoint, secret } = await createWebhookEndpoint(user.id, { url: receiver.url, events });
  const event = await batchFinishedEvent(user.id, outcome);
  const delivery = await webhookDelivery(event, endpoint.id, { category: outcome === "completed" ? "batch_succeeded" : "batch_failed" });
  return { user, endpoint, secret, event, delivery };
}

describe("deliverWebhook", () => {
  it("POSTs the batch outcome, signed with the endpoint's secret and the delivery id as webhook-id, and marks it delivered", async () => {
    const { secret, event, delivery, endpoint } = await queuedWebhook();
    await deliverWebhook(delivery.id, jobContext());

    const [request, ...others] = receiver.requests();
    expect(others).toHaveLength(0);
    expect(request!.headers.get("webhook-id")).toBe(delivery.id);
    expect(verifyStandardWebhook(request!.body, request!.headers, secret)).toMatchObject({ ok: true, id: delivery.id });
    const body = JSON.parse(request!.body) as BatchWebhookBody;
    expect(body).toEqual({
      type: "batch.succeeded",
      timestamp: event.createdAt.toISOString(),
      data: {
        batch_id: event.batchId,
        outcome: "completed",
        uploaded_at: "2026-11-24T11:58:00.000Z",
        batch_url: `http://localhost:3000/batches/${event.batchId}`,
        files: [{ id: "job_1", name: "contacts.csv", status: "completed", rows: 10_000, valid: 9_812, error: null }],
        totals: { files: { total: 1, completed: 1, failed: 0, cancelled: 0 }, rows: 10_000, verdicts: { valid: 9_812, invalid: 188 } },
      },
    });

    const stored = await reload(delivery.id);
    expect(stored).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(stored.sentAt).not.toBeNull();
    expect(stored.deliveredAt).not.toBeNull();
    expect(await attemptsOf(delivery.id)).toEqual([
      expect.objectContaining({ endpointId: endpoint.id, eventType: "batch.succeeded", webhookId: delivery.id, requestBody: request!.body, responseStatus: 200, responseBody: "ok", error: null }),
    ]);
  });

  it("sends a partly failed batch as batch.failed, with the failed file's reason", async () => {
    const { delivery } = await queuedWebhook("partial");
    await deliverWebhook(delivery.id, jobContext());
    const body = JSON.parse(receiver.requests()[0]!.body) as BatchWebhookBody;
    expect(body.type).toBe("batch.failed");
    expect(body.data.outcome).toBe("partial");
    expect(body.data.files[1]).toEqual({ id: "job_2", name: "broken.csv", status: "failed", rows: 0, valid: 0, error: "The file is not text." });
  });

  it("sends nothing again once delivered", async () => {
    const { delivery } = await queuedWebhook();
    await deliverWebhook(delivery.id, jobContext());
    await deliverWebhook(delivery.id, jobContext());
    expect(receiver.requests()).toHaveLength(1);
  });

  it("throws on a 500 so the queue retries, re-sending the same id and bytes; the last attempt ends it as failed", async () => {
    const { delivery } = await queuedWebhook();
    receiver.answerNext({ status: 500, body: "database down" }, { status: 503 });

    await expect(deliverWebhook(delivery.id, jobContext())).rejects.toBeInstanceOf(WebhookRetryableError);
    expect(await reload(delivery.id)).toMatchObject({ status: "queued", attempts: 1, lastError: "The endpoint answered 500." });
    expect(await attemptsOf(delivery.id)).toEqual([expect.objectContaining({ responseStatus: 500, responseBody: "database down" })]);

    await expect(deliverWebhook(delivery.id, jobContext(true))).rejects.toBeInstanceOf(WebhookRetryableError);
    const stored = await reload(delivery.id);
    expect(stored).toMatchObject({ status: "failed", attempts: 2, lastError: "The endpoint answered 503." });
    expect(stored.failedAt).not.toBeNull();
    const [first, second] = receiver.requests();
    expect(second!.headers.get("webhook-id")).toBe(first!.headers.get("webhook-id"));
    expect(second!.body).toBe(first!.body);
  });

  it("retries a 429 and a 408 too", async () => {
    for (const status of [429, 408]) {
      const { delivery } = await queuedWebhook();
      receiver.answerNext({ status });
      await expect(deliverWebhook(delivery.id, jobContext())).rejects.toBeInstanceOf(WebhookRetryableError);
      expect(await reload(delivery.id)).toMatchObject({ status: "queued" });
    }
  });

  it("fails for good on a 400, without throwing", async () => {
    const { delivery } = await queuedWebhook();
    receiver.answerNext({ status: 400, body: '{"error":"unknown event"}' });
    await deliverWebhook(delivery.id, jobContext());
    const stored = await reload(delivery.id);
    expect(stored).toMatchObject({ status: "failed", attempts: 1, lastError: "The endpoint refused the webhook with 400." });
    expect(stored.failedAt).not.toBeNull();
    expect(await attemptsOf(delivery.id)).toEqual([expect.objectContaining({ responseStatus: 400, responseBody: '{"error":"unknown event"}' })]);
  });

  it("does not follow a redirect: the delivery fails, saying where it pointed", async () => {
    const { delivery } = await queuedWebhook();
    receiver.answerNext({ status: 301, headers: { location: "https://new.example.com/hooks" } });
    await deliverWebhook(delivery.id, jobContext());
    expect(receiver.requests()).toHaveLength(1);
    const stored = await reload(delivery.id);
    expect(stored.status).toBe("failed");
    expect(stored.lastError).toBe("The endpoint answered 301, a redirect to https://new.example.com/hooks. Redirects are not followed: save the final URL instead.");
    expect(await attemptsOf(delivery.id)).toEqual([expect.objectContaining({ responseStatus: 301, error: stored.lastError })]);
  });

  it("throws on a refused connection, recording the attempt without a status", async () => {
    const { delivery, endpoint } = await queuedWebhook();
    const gone = await startWebhookReceiver();
    await gone.stop();
    await db().webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: gone.url } });
    await expect(deliverWebhook(delivery.id, jobContext())).rejects.toBeInstanceOf(WebhookRetryableError);
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt).toMatchObject({ responseStatus: null, responseBody: null });
    expect(attempt!.error).toContain("ECONNREFUSED");
  });

  it("sends nothing to an endpoint turned off, no longer subscribed, deleted or someone else's", async () => {
    const off = await queuedWebhook();
    await db().webhookEndpoint.update({ where: { id: off.endpoint.id }, data: { enabled: false } });
    await deliverWebhook(off.delivery.id, jobContext());
    expect(await reload(off.delivery.id)).toMatchObject({ status: "skipped_preference", reason: "webhook_endpoint_disabled", attempts: 0 });

    const unsubscribed = await queuedWebhook("completed", ["batch.failed"]);
    await deliverWebhook(unsubscribed.delivery.id, jobContext());
    expect(await reload(unsubscribed.delivery.id)).toMatchObject({
      status: "skipped_preference",
      reason: "webhook_event_unsubscribed",
      lastError: "The webhook endpoint no longer subscribes to batch.succeeded.",
    });

    const deleted = await queuedWebhook();
    await db().webhookEndpoint.delete({ where: { id: deleted.endpoint.id } });
    await deliverWebhook(deleted.delivery.id, jobContext());
    expect(await reload(deleted.delivery.id)).toMatchObject({ status: "skipped_preference", reason: "webhook_endpoint_deleted" });

    const stranger = await queuedWebhook();
    const mine = await newUser();
    const event = await batchFinishedEvent(mine.id);
    const pointedAtTheirs = await webhookDelivery(event, stranger.endpoint.id);
    await deliverWebhook(pointedAtTheirs.id, jobContext());
    expect(await reload(pointedAtTheirs.id)).toMatchObject({ status: "skipped_preference", reason: "webhook_endpoint_deleted" });

    expect(receiver.requests()).toHaveLength(0);
  });

  it("leaves deliveries of other channels and settled ones alone", async () => {
    const { event, delivery } = await queuedWebhook();
    const email = await db().delivery.create({
      data: { eventId: event.id, userId: event.userId, channel: "email", recipient: "someone@example.com", category: "batch_succeeded", status: "queued" },
    });
    await deliverWebhook(email.id, jobContext());
    await db().delivery.update({ where: { id: delivery.id }, data: { status: "failed" } });
    await deliverWebhook(delivery.id, jobContext());
    await deliverWebhook("no-such-delivery", jobContext());
    expect(receiver.requests()).toHaveLength(0);
    expect(await reload(email.id)).toMatchObject({ status: "queued" });
  });

  it("marks a dead-lettered delivery failed, but leaves a sent one alone", async () => {
    const given = await queuedWebhook();
    await markWebhookGivenUp(given.delivery.id);
    expect(await reload(given.delivery.id)).toMatchObject({ status: "failed" });

    const sent = await queuedWebhook();
    await deliverWebhook(sent.delivery.id, jobContext());
    await markWebhookGivenUp(sent.delivery.id);
    expect(await reload(sent.delivery.id)).toMatchObject({ status: "sent" });
  });
});
