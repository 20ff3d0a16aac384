// A user's notification preferences: which categories reach them on which channel, in
// which mode, in which time zone, with which quiet hours and daily cap.
// `account` mail (sign-in links, security notices) is transactional and not configurable.
import { z } from "zod";
import type { QuietHours } from "./quiet-hours";
import { isValidTimeZone } from "./zoned-time";

export const configurableCategorySchema = z.enum(["batch_succeeded", "batch_failed", "digest", "results_expiring"]);
export type ConfigurableCategory = z.infer<typeof configurableCategorySchema>;

// `recipient_consent`: the one request to an extra recipient to accept an owner's batch
// emails (lib/notifications/events/recipient-consent.tsx); nobody's preference governs it.
export const notificationCategorySchema = z.enum([...configurableCategorySchema.options, "account", "recipient_consent"]);
export type NotificationCategory = z.infer<typeof notificationCategorySchema>;

export const notificationChannelSchema = z.enum(["email", "webhook", "in_app"]);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/** instant: each notification on its own; digest: folded into the next digest. */
export const deliveryModeSchema = z.enum(["instant", "digest"]);
export type DeliveryMode = z.infer<typeof deliveryModeSchema>;

export const DEFAULT_DAILY_CAP = 50;
export const MAX_DAILY_CAP = 1000;

export const timeZoneSchema = z.string().trim().refine(isValidTimeZone, { message: "Unknown time zone" });

const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour HH:MM");

export const quietHoursSchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema })
  .strict()
  .refine((window) => window.start !== window.end, { message: "Quiet hours must start and end at different times", path: ["end"] }) satisfies z.ZodType<QuietHours>;

export const channelSwitchesSchema = z.object({ email: z.boolean(), webhook: z.boolean(), in_app: z.boolean() }).strict();
export type ChannelSwitches = z.infer<typeof channelSwitchesSchema>;

export const categoryPreferenceSchema = z.object({ channels: channelSwitchesSchema, mode: deliveryModeSchema }).strict();
export type CategoryPreference = z.infer<typeof categoryPreferenceSchema>;

const hourSchema = z.number().int().min(0).max(23);

/** When the digest goes out, on the user's own clock. weekday: 0 = Sunday … 6 = Saturday. */
export const digestScheduleSchema = z.discriminatedUnion("frequency", [
  z.object({ frequency: z.literal("hourly") }).strict(),
  z.object({ frequency: z.literal("daily"), hour: hourSchema }).strict(),
  z.object({ frequency: z.literal("weekly"), weekday: z.number().int().min(0).max(6), hour: hourSchema }).strict(),
]);
export type DigestSchedule = z.infer<typeof digestScheduleSchema>;

/** Which outcomes of a batch email its uploader when the upload itself does not say. */
export const uploadNotifyOnSchema = z.enum(["both", "success", "failure", "none"]);
export type UploadNotifyOn = z.infer<typeof uploadNotifyOnSchema>;

export const defaultDigestSchedule = (): DigestSchedule => ({ frequency: "daily", hour: 8 });

export const notificationPreferencesSchema = z
  .object({
    categories: z
      .object({
        batch_succeeded: categoryPreferenceSchema,
        batch_failed: categoryPreferenceSchema,
        // The digest itself cannot be folded into a digest: it has channels and a schedule.
        // Rows stored before schedules existed parse with the default one.
        digest: z.object({ channels: channelSwitchesSchema, schedule: digestScheduleSchema.default(defaultDigestSchedule) }).strict(),
        results_expiring: categoryPreferenceSchema,
      })
      .strict(),
    timeZone: timeZoneSchema,
    quietHours: quietHoursSchema.nullable().default(null),
    dailyCap: z.number().int().min(1).max(MAX_DAILY_CAP).default(DEFAULT_DAILY_CAP),
    // Rows stored before upload defaults existed parse as "both", what uploads did then.
    uploadDefaults: z.object({ notifyOn: uploadNotifyOnSchema.default("both") }).strict().default({ notifyOn: "both" }),
  })
  .strict();

export type NotificationPreferences = z.output<typeof notificationPreferencesSchema>;
export type NotificationPreferencesInput = z.input<typeof notificationPreferencesSchema>;

export interface DefaultPreferencesOptions {
  /** The user has a webhook endpoint: webhook deliveries start on. */
  webhookConfigured?: boolean;
}

/**
 * Preferences for a new user: succeeded, failed and results_expiring on, each sent
 * instantly (no digest mode: "digest off"); email and in-app on, webhook only once
 * configured; no quiet hours; 50 a day; uploads email on success and failure. The digest's email switch is on, so what the
 * daily cap folds away still arrives (daily at 8) — it only has something to carry
 * when the cap is reached or a category is put in digest mode. Its in-app switch is
 * off: the bell showed those notifications already.
 * `timeZone` comes from the browser; an unknown zone is rejected.
 */
export function defaultPreferences(timeZone = "UTC", options: DefaultPreferencesOptions = {}): NotificationPreferences {
  const channels = (on: boolean): ChannelSwitches => ({ email: on, webhook: on && (options.webhookConfigured ?? false), in_app: on });
  return notificationPreferencesSchema.parse({
    categories: {
      batch_succeeded: { channels: channels(true), mode: "instant" },
      batch_failed: { channels: channels(true), mode: "instant" },
      digest: { channels: { email: true, webhook: false, in_app: false }, schedule: defaultDigestSchedule() },
      results_expiring: { channels: channels(true), mode: "instant" },
    },
    timeZone,
    quietHours: null,
    dailyCap: DEFAULT_DAILY_CAP,
    uploadDefaults: { notifyOn: "both" },
  });
}
