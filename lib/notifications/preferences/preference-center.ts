// What Settings → Notifications → Preferences reads and the one write it makes on its
// own: the browser's time zone, adopted once for someone who has never saved anything.
import { db } from "../../db/client";
import type { SuppressionReason } from "../../db/generated/client";
import { defaultPreferences, type NotificationPreferences } from "./notification-preferences";
import { parseStoredPreferences } from "./preference-store";
import { normalizeAddress } from "../deliveries/suppression";
import { isValidTimeZone } from "./zoned-time";

export type PreferenceCenter = {
  /** The person's own address, as the suppression list knows it. */
  email: string;
  /** What notify would use now (the defaults until something is stored). */
  preferences: NotificationPreferences;
  /** False until the person (or their browser's time zone) saved something. */
  stored: boolean;
  /** The person's own address on the suppression list, and why. */
  suppression: { reason: SuppressionReason; detail: string | null } | null;
};

export async function loadPreferenceCenter(userId: string): Promise<PreferenceCenter> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const [row, enabledEndpoints, suppression] = await Promise.all([
    db().notificationPreference.findUnique({ where: { userId }, select: { settings: true } }),
    db().webhookEndpoint.count({ where: { userId, enabled: true } }),
    db().suppression.findUnique({ where: { email: normalizeAddress(user.email) }, select: { reason: true, detail: true } }),
  ]);
  // The same defaults notify applies, so the page shows what the next notification does.
  const preferences = parseStoredPreferences(userId, row?.settings, { webhookConfigured: enabledEndpoints > 0 });
  return { email: normalizeAddress(user.email), preferences, stored: row !== null, suppression };
}

/** Whether the person (or their browser's time zone) saved any preference yet. */
export async function hasStoredPreferences(userId: string): Promise<boolean> {
  return (await db().notificationPreference.count({ where: { userId } })) > 0;
}

/**
 * Stores the defaults in the browser's `timeZone` when the user has no preferences
 * row yet; true when it did. Never overwrites a stored choice, so a second tab or a
 * repeated call changes nothing.
 */
export async function adoptBrowserTimeZone(userId: string, timeZone: string): Promise<boolean> {
  if (!isValidTimeZone(timeZone)) return false;
  const enabledEndpoints = await db().webhookEndpoint.count({ where: { userId, enabled: true } });
  const settings = defaultPreferences(timeZone, { webhookConfigured: enabledEndpoints > 0 });
  const created = await db().notificationPreference.createMany({ data: [{ userId, settings }], skipDuplicates: true });
  return created.count === 1;
}

/** Every IANA zone this runtime knows, plus "UTC", sorted: the time zone picker's list. */
export function timeZoneOptions(): string[] {
  return [...new Set([...Intl.supportedValuesOf("timeZone"), "UTC"])].sort();
}
