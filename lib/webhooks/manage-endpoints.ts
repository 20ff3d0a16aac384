// A person's webhook endpoints: create, list, change, rotate the secret, delete, see
// recent attempts, send a test event. Every call is scoped to the person: someone
// else's endpoint is "not found", exactly like one that never existed.
// The signing secret leaves this module only from create and rotate, once each.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "../db/client";
import type { WebhookAttempt, WebhookEndpoint } from "../db/generated/client";
import { AppError } from "../errors";
import type { ConfigurableCategory } from "../notifications/preferences/notification-preferences";
import { turnOnWebhookChannel } from "../notifications/preferences/turn-on-webhook-channel";
import { log } from "../log";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";
import { webhookEndpointUrlSchema } from "./endpoint-url";
import { sendSignedWebhook, type SignedWebhookInput, type WebhookOutcome } from "./send-signed-webhook";
import { generateWebhookSecret } from "./standard-webhooks";
import { testWebhookBody, WEBHOOK_TEST_EVENT, webhookEventTypeSchema, type WebhookEventType } from "./webhook-events";

/** Endpoints one person may have: plenty for real use, a bound on the requests one batch can cause. */
export const MAX_WEBHOOK_ENDPOINTS = 10;
/** Test events per person per minute: each one is a request from our servers to any public address. */
const TEST_EVENTS_PER_MINUTE = 10;
const RECENT_ATTEMPTS = 20;

/** Optional words to tell endpoints apart; empty is none. */
export const webhookDescriptionSchema = z
  .string()
  .trim()
  .max(200, "Use at most 200 characters")
  .nullable()
  .transform((value) => value || null);

export const webhookEventsSchema = z
  .array(webhookEventTypeSchema)
  .min(1, "Choose at least one event")
  .transform((events) => [...new Set(events)]);

export const createWebhookEndpointSchema = z.object({
  url: webhookEndpointUrlSchema,
  description: webhookDescriptionSchema.optional().default(null),
  events: webhookEventsSchema,
});

export const updateWebhookEndpointSchema = z.object({
  url: webhookEndpointUrlSchema.optional(),
  description: webhookDescriptionSchema.optional(),
  events: webhookEventsSchema.optional(),
  enabled: z.boolean().optional(),
});

/** What a person sees of an endpoint: never its secret. */
export type WebhookEndpointView = {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
};

export type WebhookAttemptView = Pick<
  WebhookAttempt,
  "id" | "eventType" | "webhookId" | "deliveryId" | "responseStatus" | "responseBody" | "error" | "durationMs" | "attemptedAt"
>;

function toView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events.filter((event): event is WebhookEventType => webhookEventTypeSchema.safeParse(event).success),
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt,
  };
}

function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError("validation_failed", issue?.message ?? "Check the webhook's settings.", { field: issue?.path.join(".") });
}

const notFound = () => new AppError("not_found", "No webhook endpoint with that id.");

async function ownedEndpoint(userId: string, endpointId: string): Promise<WebhookEndpoint> {
  const endpoint = await db().webhookEndpoint.findFirst({ where: { id: endpointId, userId } });
  if (!endpoint) throw notFound();
  return endpoint;
}

/** Creates an endpoint; the returned secret is the only time it is readable. */
export async function createWebhookEndpoint(
  userId: string,
  input: z.input<typeof createWebhookEndpointSchema>,
): Promise<{ endpoint: WebhookEndpointView; secret: string; webhookChannelOn: ConfigurableCategory[] }> {
  const { url, description, events } = parseInput(createWebhookEndpointSchema, input);
  const secret = generateWebhookSecret();
  const { created, webhookChannelOn } = await db().$transaction(async (tx) => {
    // Locking the person's row makes count-then-insert safe against two creates at once.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
    const count = await tx.webhookEndpoint.count({ where: { userId } });
    if (count >= MAX_WEBHOOK_ENDPOINTS) {
      throw new AppError("conflict", `You already have ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints. Delete one you no longer use first.`, {
        limit: MAX_WEBHOOK_ENDPOINTS,
      });
    }
    const endpoint = await tx.webhookEndpoint.create({ data: { userId, url, description, events, secret } });
    // The first endpoint is the person asking for webhooks: its events reach it without a second switch.
    const channelOn = count === 0 ? await turnOnWebhookChannel(tx, userId, events) : [];
    return { created: endpoint, webhookChannelOn: channelOn };
  });
  log.info({ event: "webhook_endpoint.created", userId, endpointId: created.id }, "webhook endpoint created");
  return { endpoint: toView(created), secret, webhookChannelOn };
}

/** A person's endpoints, oldest first (the order they were added in). */
export async function listWebhookEndpoints(userId: string): Promise<WebhookEndpointView[]> {
  const endpoints = await db().webhookEndpoint.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return endpoints.map(toView);
}

export async function updateWebhookEndpoint(
  userId: string,
  endpointId: string,
  input: z.input<typeof updateWebhookEndpointSchema>,
): Promise<WebhookEndpointView> {
  const { enabled, ...fields } = parseInput(updateWebhookEndpointSchema, input);
  const switched = enabled === undefined ? {} : { enabled, disabledReason: enabled ? null : "Turned off in settings." };
  const { count } = await db().webhookEndpoint.updateMany({ where: { id: endpointId, userId }, data: { ...fields, ...switched } });
  if (count === 0) throw notFound();
  log.info({ event: "webhook_endpoint.updated", userId, endpointId, fields: Object.keys({ ...fields, ...switched }) }, "webhook endpoint updated");
  return toView(await ownedEndpoint(userId, endpointId));
}

/** A new secret, effective at once; the old one stops verifying with the next request. */
export async function rotateWebhookSecret(userId: string, endpointId: string): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  const { count } = await db().webhookEndpoint.updateMany({ where: { id: endpointId, userId }, data: { secret } });
  if (count === 0) throw notFound();
  log.info({ event: "webhook_endpoint.secret_rotated", userId, endpointId }, "webhook secret rotated");
  return { secret };
}

/** Deletes the endpoint and its attempts; webhooks already queued for it are skipped. */
export async function deleteWebhookEndpoint(userId: string, endpointId: string): Promise<void> {
  const { count } = await db().webhookEndpoint.deleteMany({ where: { id: endpointId, userId } });
  if (count === 0) throw notFound();
  log.info({ event: "webhook_endpoint.deleted", userId, endpointId }, "webhook endpoint deleted");
}

/** The newest requests to one endpoint, newest first. */
export async function listWebhookAttempts(userId: string, endpointId: string, limit = RECENT_ATTEMPTS): Promise<WebhookAttemptView[]> {
  await ownedEndpoint(userId, endpointId);
  return db().webhookAttempt.findMany({
    where: { endpointId },
    orderBy: [{ attemptedAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(limit, 1), 100),
    select: { id: true, eventType: true, webhookId: true, deliveryId: true, responseStatus: true, responseBody: true, error: true, durationMs: true, attemptedAt: true },
  });
}

export type TestEventResult = { outcome: WebhookOutcome; status: number | null; durationMs: number; error: string | null };

/**
 * Sends a signed `webhook.test` event now (not through the queue, no retry) and
 * records the attempt. Works on a turned-off endpoint too: testing comes before enabling.
 */
export async function sendTestEvent(
  userId: string,
  endpointId: string,
  options: Pick<SignedWebhookInput, "resolve" | "allowPrivate"> = {},
): Promise<TestEventResult> {
  const endpoint = await ownedEndpoint(userId, endpointId);
  const limit = await consumeRateLimit(db(), { key: `webhook-test:${userId}`, limit: TEST_EVENTS_PER_MINUTE, windowSeconds: 60 });
  if (!limit.allowed) {
    throw new AppError("rate_limited", `Too many test events. Try again in ${limit.retryAfterSeconds} s.`, { retryAfterSeconds: limit.retryAfterSeconds });
  }
  const result = await sendSignedWebhook({
    endpoint,
    webhookId: `test_${randomUUID()}`,
    eventType: WEBHOOK_TEST_EVENT,
    body: JSON.stringify(testWebhookBody(endpoint.id)),
    deliveryId: null,
    ...options,
  });
  log.info({ event: "webhook.test_sent", userId, endpointId, outcome: result.outcome, status: result.status }, "webhook test event sent");
  return { outcome: result.outcome, status: result.status, durationMs: result.durationMs, error: result.error };
}
