// Adding the first webhook endpoint turns the webhook channel on for the categories it
// subscribes to. Otherwise a person who had saved any preference before (even only the
// time zone adopted from their browser) had the channel off, and the endpoint they just
// added for `batch.succeeded` received nothing until they also ticked the grid's box.
import type { Tx } from "../../db/client";
import type { WebhookEventType } from "../../webhooks/webhook-events";
import type { ConfigurableCategory } from "./notification-preferences";
import { parseStoredPreferences, savePreferences } from "./preference-store";

const CATEGORY_OF_EVENT: Record<WebhookEventType, ConfigurableCategory> = {
  "batch.succeeded": "batch_succeeded",
  "batch.failed": "batch_failed",
};

/**
 * Turns the webhook switch on for each subscribed event's category; returns the categories
 * whose webhooks are on because of it (already on, or on by default without stored
 * preferences, when no row exists). Nothing stored is created: the defaults, with an
 * endpoint configured, already send webhooks, and a row would freeze the time zone.
 */
export async function turnOnWebhookChannel(tx: Tx, userId: string, events: readonly WebhookEventType[]): Promise<ConfigurableCategory[]> {
  const categories = [...new Set(events.map((event) => CATEGORY_OF_EVENT[event]))];
  const row = await tx.notificationPreference.findUnique({ where: { userId }, select: { settings: true } });
  if (!row) return categories;
  const preferences = parseStoredPreferences(userId, row.settings);
  const off = categories.filter((category) => !preferences.categories[category].channels.webhook);
  if (off.length === 0) return categories;
  for (const category of off) preferences.categories[category].channels.webhook = true;
  await savePreferences(userId, preferences, tx);
  return categories;
}
