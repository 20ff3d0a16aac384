// Test fixtures: a user, a finished batch's event and a webhook Delivery written
// directly, the way the notify file leaves them for the `webhook.deliver` file.
import { randomUUID } from "node:crypto";
import type { BatchFinishedPayload } from "../../../notifications/events/batch-finished";
import { db } from "../../../db/client";
import type { Prisma } from "../../../db/generated/client";

export async function newUser(prefix = "hooks") {
  return db().user.create({ data: { email: `${prefix}-${randomUUID()}@example.com` } });
}

export function finishedPayload(outcome: BatchFinishedPayload["outcome"] = "completed"): BatchFinishedPayload {
  const failed = outcome !== "completed";
  return {
    outcome,
    uploadedAt: "2026-11-24T11:58:00.000Z",
    files: [
      { fileId: "job_1", name: "contacts.csv", status: "completed", rows: 10_000, valid: 9_812, error: null },
      ...(failed ? [{ fileId: "job_2", name: "broken.csv", status: "failed" as const, rows: 0, valid: 0, error: "The file is not text." }] : []),
    ],
    stats: {
      files: { total: failed ? 2 : 1, completed: 1, failed: failed ? 1 : 0, cancelled: 0 },
      rows: 10_000,
      verdicts: { valid: 9_812, invalid: 188 },
      reasons: { syntax: 188 },
    },
  };
}

export async function batchFinishedEvent(userId: string, outcome: BatchFinishedPayload["outcome"] = "completed") {
  const batchId = `batch_${randomUUID()}`;
  return db().notificationEvent.create({
    data: { type: "batch.finished", dedupeKey: `batch:${batchId}:${outcome}`, userId, batchId, payload: finishedPayload(outcome), processedAt: new Date() },
  });
}

/** An endpoint row as stored, for tests that need one createWebhookEndpoint would refuse (e.g. a private address). */
export async function endpointRow(userId: string, fields: Partial<Omit<Prisma.WebhookEndpointUncheckedCreateInput, "userId">> = {}) {
  return db().webhookEndpoint.create({
    data: { userId, url: "https://hooks.example.com/", events: ["batch.succeeded", "batch.failed"], secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ...fields },
  });
}

export async function webhookDelivery(event: { id: string; userId: string }, endpointId: string, fields: Partial<Prisma.DeliveryUncheckedCreateInput> = {}) {
  return db().delivery.create({
    data: {
      eventId: event.id,
      userId: event.userId,
      channel: "webhook",
      recipient: endpointId,
      category: "batch_succeeded",
      status: "queued",
      reason: "instant",
      context: { timeZone: "UTC" },
      ...fields,
    },
  });
}
