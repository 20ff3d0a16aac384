// Managing endpoints as their owner, against real Postgres and a local receiver: the
// secret is readable only at creation and rotation, a test event arrives signed, and
// nobody can see or touch another person's endpoints.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookAttempts,
  listWebhookEndpoints,
  MAX_WEBHOOK_ENDPOINTS,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from "../manage-endpoints";
import { ATTEMPTS_KEPT_PER_ENDPOINT, recordWebhookAttempt } from "../record-webhook-attempt";
import { verifyStandardWebhook } from "../standard-webhooks";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";
import { newUser } from "./support/webhook-rows";

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

const notFound = expect.objectContaining({ code: "not_found" });

async function ownerWithEndpoint() {
  const user = await newUser();
  const created = await createWebhookEndpoint(user.id, { url: receiver.url, events: ["batch.failed"], description: " CRM sync " });
  return { user, ...created };
}

describe("webhook endpoints", () => {
  it("creates an endpoint, returning its whsec_ secret once; the list never carries it", async () => {
    const { user, endpoint, secret } = await ownerWithEndpoint();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(endpoint).toMatchObject({ url: receiver.url, description: "CRM sync", events: ["batch.failed"], enabled: true, disabledReason: null });
    expect(endpoint).not.toHaveProperty("secret");

    const listed = await listWebhookEndpoints(user.id);
    expect(listed).toEqual([endpoint]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice("whsec_".length));
  });

  it("refuses an endpoint without events or with a bad URL, saying what to fix", async () => {
    const user = await newUser();
    await expect(createWebhookEndpoint(user.id, { url: receiver.url, events: [] })).rejects.toMatchObject({ code: "validation_failed", message: "Choose at least one event" });
    await expect(createWebhookEndpoint(user.id, { url: "https://u:p@hooks.example.com/", events: ["batch.failed"] })).rejects.toMatchObject({
      code: "validation_failed",
      message: "Leave the user name and password out of the URL",
    });
    // @ts-expect-error: an event type that does not exist
    await expect(createWebhookEndpoint(user.id, { url: receiver.url, events: ["batch.exploded"] })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await listWebhookEndpoints(user.id)).toEqual([]);
  });

  it(`allows ${MAX_WEBHOOK_ENDPOINTS} endpoints per person, and says so at the next`, async () => {
    const user = await newUser();
    for (let i = 0; i < MAX_WEBHOOK_ENDPOINTS; i += 1) await createWebhookEndpoint(user.id, { url: `${receiver.url}/${i}`, events: ["batch.succeeded"] });
    await expect(createWebhookEndpoint(user.id, { url: receiver.url, events: ["batch.succeeded"] })).rejects.toMatchObject({ code: "conflict" });
    expect(await listWebhookEndpoints(user.id)).toHaveLength(MAX_WEBHOOK_ENDPOINTS);
  });

  it("updates the events, description and URL, and turning it off keeps a reason", async () => {
    const { user, endpoint } = await ownerWithEndpoint();
    const updated = await updateWebhookEndpoint(user.id, endpoint.id, { events: ["batch.succeeded", "batch.failed", "batch.succeeded"], description: "", url: `${receiver.url}/v2` });
    expect(updated).toMatchObject({ events: ["batch.succeeded", "batch.failed"], description: null, url: `${receiver.url}/v2` });
    expect(await updateWebhookEndpoint(user.id, endpoint.id, { enabled: false })).toMatchObject({ enabled: false, disabledReason: "Turned off in settings." });
    expect(await updateWebhookEndpoint(user.id, endpoint.id, { enabled: true })).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("rotates the secret: test events are signed with the new one, which the old one no longer verifies", async () => {
    const { user, endpoint, secret } = await ownerWithEndpoint();
    const rotated = await rotateWebhookSecret(user.id, endpoint.id);
    expect(rotated.secret).not.toBe(secret);
    await sendTestEvent(user.id, endpoint.id);
    const [request] = receiver.requests();
    expect(verifyStandardWebhook(request!.body, request!.headers, rotated.secret)).toMatchObject({ ok: true });
    expect(verifyStandardWebhook(request!.body, request!.headers, secret)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("deletes an endpoint with its attempts", async () => {
    const { user, endpoint } = await ownerWithEndpoint();
    await sendTestEvent(user.id, endpoint.id);
    await deleteWebhookEndpoint(user.id, endpoint.id);
    expect(await listWebhookEndpoints(user.id)).toEqual([]);
    expect(await db().webhookAttempt.count({ where: { endpointId: endpoint.id } })).toBe(0);
    await expect(deleteWebhookEndpoint(user.id, endpoint.id)).rejects.toEqual(notFound);
  });

  it("treats another person's endpoint as not found for every operation, and changes nothing", async () => {
    const { endpoint, secret } = await ownerWithEndpoint();
    const intruder = await newUser("intruder");
    const operations = [
      () => updateWebhookEndpoint(intruder.id, endpoint.id, { enabled: false }),
      () => rotateWebhookSecret(intruder.id, endpoint.id),
      () => deleteWebhookEndpoint(intruder.id, endpoint.id),
      () => listWebhookAttempts(intruder.id, endpoint.id),
      () => sendTestEvent(intruder.id, endpoint.id),
    ];
    for (const operation of operations) {
      const attempt = operation();
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toEqual(notFound);
    }
    expect(await listWebhookEndpoints(intruder.id)).toEqual([]);
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: true, secret });
    expect(receiver.requests()).toHaveLength(0);
  });
});

describe("sendTestEvent", () => {
  it("sends a signed webhook.test event at once and reports the answer, recording the attempt", async () => {
    const { user, endpoint, secret } = await ownerWithEndpoint();
    const result = await sendTestEvent(user.id, endpoint.id);
    expect(result).toMatchObject({ outcome: "delivered", status: 200, error: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);

    const [request] = receiver.requests();
    expect(verifyStandardWebhook(request!.body, request!.headers, secret)).toMatchObject({ ok: true });
    expect(JSON.parse(request!.body)).toMatchObject({ type: "webhook.test", data: { endpoint_id: endpoint.id } });
    expect(await listWebhookAttempts(user.id, endpoint.id)).toEqual([
      expect.objectContaining({ eventType: "webhook.test", deliveryId: null, webhookId: request!.headers.get("webhook-id"), responseStatus: 200 }),
    ]);
  });

  it("reports a failing endpoint's status and words, newest attempt first", async () => {
    const { user, endpoint } = await ownerWithEndpoint();
    await sendTestEvent(user.id, endpoint.id);
    receiver.answerNext({ status: 500, body: "boom" });
    expect(await sendTestEvent(user.id, endpoint.id)).toMatchObject({ outcome: "retryable", status: 500, error: "The endpoint answered 500." });
    const attempts = await listWebhookAttempts(user.id, endpoint.id);
    expect(attempts.map((attempt) => attempt.responseStatus)).toEqual([500, 200]);
    expect(attempts[0]!.responseBody).toBe("boom");
  });

  it("works on an endpoint that is turned off", async () => {
    const { user, endpoint } = await ownerWithEndpoint();
    await updateWebhookEndpoint(user.id, endpoint.id, { enabled: false });
    expect(await sendTestEvent(user.id, endpoint.id)).toMatchObject({ outcome: "delivered" });
  });

  it("limits test events to 10 a minute per person", async () => {
    const { user, endpoint } = await ownerWithEndpoint();
    for (let i = 0; i < 10; i += 1) await sendTestEvent(user.id, endpoint.id);
    await expect(sendTestEvent(user.id, endpoint.id)).rejects.toMatchObject({ code: "rate_limited" });
    expect(receiver.requests()).toHaveLength(10);
  });
});

describe("recordWebhookAttempt", () => {
  it(`keeps the newest ${ATTEMPTS_KEPT_PER_ENDPOINT} attempts of an endpoint, and cuts an oversized request body`, async () => {
    const { user, endpoint } = await ownerWithEndpoint();
    const base = { endpointId: endpoint.id, deliveryId: null, eventType: "webhook.test", requestBody: "{}", responseStatus: 200, durationMs: 5 };
    await db().webhookAttempt.createMany({
      data: Array.from({ length: ATTEMPTS_KEPT_PER_ENDPOINT }, (_, i) => ({ ...base, webhookId: `old_${i}`, attemptedAt: new Date(Date.now() - (i + 1) * 60_000) })),
    });
    await recordWebhookAttempt({ ...base, webhookId: "newest", requestBody: "x".repeat(20_000) });

    const kept = await db().webhookAttempt.findMany({ where: { endpointId: endpoint.id }, orderBy: { attemptedAt: "desc" } });
    expect(kept).toHaveLength(ATTEMPTS_KEPT_PER_ENDPOINT);
    expect(kept[0]!.webhookId).toBe("newest");
    expect(kept[0]!.requestBody).toHaveLength(16_384 + "… (truncated)".length);
    expect(kept.some((attempt) => attempt.webhookId === `old_${ATTEMPTS_KEPT_PER_ENDPOINT - 1}`)).toBe(false);
    expect((await listWebhookAttempts(user.id, endpoint.id)).map((attempt) => attempt.webhookId).slice(0, 2)).toEqual(["newest", "old_0"]);
  });
});
