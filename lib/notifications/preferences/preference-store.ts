// Reading and saving a user's notification preferences. No stored row means the
// defaults; a stored row that no longer parses (an older shape) falls back to the
// defaults too, keeping its time zone when that is still valid, rather than failing
// every notification of that user.
import { db, type Tx } from "../../db/client";
import { log } from "../../log";
import {
  defaultPreferences,
  type DefaultPreferencesOptions,
  notificationPreferencesSchema,
  type NotificationPreferences,
  type NotificationPreferencesInput,
} from "./notification-preferences";
import { isValidTimeZone } from "./zoned-time";

export async function loadPreferences(userId: string, client: Tx = db()): Promise<NotificationPreferences> {
  const row = await client.notificationPreference.findUnique({ where: { userId }, select: { settings: true } });
  return parseStoredPreferences(userId, row?.settings);
}

/** A stored row's settings (or undefined: no row) as preferences. */
export function parseStoredPreferences(userId: string, settings: unknown, defaults: DefaultPreferencesOptions = {}): NotificationPreferences {
  if (settings === undefined || settings === null) return defaultPreferences("UTC", defaults);
  const parsed = notificationPreferencesSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  log.warn({ event: "preferences.unreadable", userId, issues: parsed.error.issues.length }, "stored preferences did not parse; using defaults");
  const timeZone = (settings as { timeZone?: unknown }).timeZone;
  return defaultPreferences(typeof timeZone === "string" && isValidTimeZone(timeZone) ? timeZone : "UTC", defaults);
}

/** Validates and stores the whole set; the next notification uses it. */
export async function savePreferences(userId: string, input: NotificationPreferencesInput, client: Tx = db()): Promise<NotificationPreferences> {
  const settings = notificationPreferencesSchema.parse(input);
  await client.notificationPreference.upsert({ where: { userId }, create: { userId, settings }, update: { settings } });
  return settings;
}
