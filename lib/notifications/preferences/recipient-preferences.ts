// The rules for an extra recipient (an address a user named at upload): they have no
// settings of their own, so the defaults apply, in the zone of the owner who named
// them, minus the categories they unsubscribed from (stored per owner).
import { configurableCategorySchema, defaultPreferences, type NotificationPreferences } from "./notification-preferences";

/** The key of one RecipientOptOut row in a set of loaded opt-outs. */
export const optOutKey = (email: string, ownerUserId: string, category: string) => `${email}\n${ownerUserId}\n${category}`;

export function recipientPreferences(optOuts: ReadonlySet<string>, email: string, ownerUserId: string, timeZone: string): NotificationPreferences {
  const preferences = defaultPreferences(timeZone);
  for (const category of configurableCategorySchema.options) {
    if (optOuts.has(optOutKey(email, ownerUserId, category))) preferences.categories[category].channels.email = false;
  }
  return preferences;
}
