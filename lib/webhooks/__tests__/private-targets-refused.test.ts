// With WEBHOOK_ALLOW_PRIVATE_TARGETS off (the default), no webhook reaches a private
// address, whether typed in or reached through a name that resolves there. A file of
// its own: env() reads the setting once per test file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { log } from "../../log";
import { deliverWebhook } from "../deliver-webhook";
import { createWebhookEndpoint, sendTestEvent } from "../manage-endpoints";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";
import { batchFinishedEvent, endpointRow, newUser, webhookDelivery } from "./support/webhook-rows";

process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "false";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.stop();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
});

/** A public-looking name that resolves to the receiver's loopback address (DNS rebinding). */
const resolveToLoopback = async () => [{ address: "127.0.0.1", family: 4 as const }];
const rebindingUrl = () => `http://hooks.example.test:${new URL(receiver.url).port}/hooks`;

describe("private webhook targets, when not allowed", () => {
  it("cannot be saved as a loopback or private address", async () => {
    const user = await newUser();
    for (const url of [receiver.url, "http://localhost:8080/", "http://10.0.0.1/", "http://[::ffff:169.254.169.254]/"]) {
      await expect(createWebhookEndpoint(user.id, { url, events: ["batch.succeeded"] }), url).rejects.toMatchObject({ code: "validation_failed" });
    }
  });

  it("refuses a test event to a name that resolves to loopback, and records why", async () => {
    const user = await newUser();
    const endpoint = await endpointRow(user.id, { url: rebindingUrl() });
    const result = await sendTestEvent(user.id, endpoint.id, { resolve: resolveToLoopback });
    expect(result).toMatchObject({
      outcome: "rejected",
      status: null,
      error: "hooks.example.test points to this machine (loopback); webhooks are only sent to public addresses.",
    });
    expect(await db().webhookAttempt.findFirst({ where: { endpointId: endpoint.id } })).toMatchObject({ responseStatus: null, error: result.error });
    expect(receiver.requests()).toHaveLength(0);
  });

  it("fails a queued delivery for good instead of sending it", async () => {
    const user = await newUser();
    const endpoint = await endpointRow(user.id, { url: rebindingUrl() });
    const delivery = await webhookDelivery(await batchFinishedEvent(user.id), endpoint.id);
    await deliverWebhook(delivery.id, { signal: new AbortController().signal, isLastAttempt: false, log, resolve: resolveToLoopback });
    expect(await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "failed",
      lastError: "hooks.example.test points to this machine (loopback); webhooks are only sent to public addresses.",
    });
    expect(receiver.requests()).toHaveLength(0);
  });
});
