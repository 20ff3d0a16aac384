// Test fixtures: `batch.finished` events and Delivery rows written directly, so a test
// states exactly the log it reads back (the notify file has tests of its own).
import { randomUUID } from "node:crypto";
import type { BatchFinishedPayload } from "../../events/batch-finished";
import { db } from "../../../db/client";
import type { Prisma } from "../../../db/generated/client";

export async function newUser(prefix = "log") {
  return db().user.create({ data: { email: `${prefix}-${randomUUID()}@example.com` } });
}

const file = (name: string, status: "completed" | "failed" = "completed") => ({
  fileId: randomUUID(),
  name,
  status,
  rows: status === "completed" ? 10_000 : 0,
  valid: status === "completed" ? 9_812 : 0,
  error: status === "failed" ? "The file is not text." : null,
});

/** A finished batch's event; `fileNames` become its files, all completed. */
export async function batchEvent(userId: string, fileNames: string[] = ["contacts.csv"]) {
  const files = fileNames.map((name) => file(name));
  const payload: BatchFinishedPayload = {
    outcome: "completed",
    uploadedAt: new Date().toISOString(),
    files,
    stats: {
      files: { total: files.length, completed: files.length, failed: 0, cancelled: 0 },
      rows: 10_000 * files.length,
      verdicts: { valid: 9_812 * files.length, invalid: 188 * files.length },
      reasons: {},
    },
  };
  const batchId = randomUUID();
  return db().notificationEvent.create({
    data: { type: "batch.finished", dedupeKey: `batch:${batchId}:completed`, userId, batchId, payload, processedAt: new Date() },
  });
}

type DeliveryFields = Partial<Omit<Prisma.DeliveryUncheckedCreateInput, "eventId" | "userId">>;

export async function delivery(event: { id: string; userId: string }, fields: DeliveryFields = {}) {
  return db().delivery.create({
    data: {
      eventId: event.id,
      userId: event.userId,
      channel: "email",
      // Unique per event × channel × recipient: several rows of one event need distinct recipients.
      recipient: `to-${randomUUID()}@example.com`,
      category: "batch_succeeded",
      status: "queued",
      reason: "instant",
      context: { timeZone: "UTC" },
      ...fields,
    },
  });
}

/** An in-app notification as the notify file writes it: delivered, unread. */
export async function inAppNotification(event: { id: string; userId: string }, fields: DeliveryFields = {}) {
  return delivery(event, { channel: "in_app", recipient: event.userId, status: "delivered", deliveredAt: new Date(), ...fields });
}

/** Instants a minute apart, oldest first, for stating an order. */
export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
