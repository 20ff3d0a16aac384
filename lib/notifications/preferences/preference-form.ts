// The preference center's form, flat as a browser submits it, to and from the
// preference model: one checkbox per category × channel, a mode per category, the
// digest's schedule, quiet hours, the daily cap, the time zone and the upload default. The result is
// checked again by notificationPreferencesSchema, so the form cannot store what the
// model would refuse.
import { z } from "zod";
import {
  type ConfigurableCategory,
  configurableCategorySchema,
  type DigestSchedule,
  MAX_DAILY_CAP,
  type NotificationChannel,
  notificationChannelSchema,
  notificationPreferencesSchema,
  type NotificationPreferences,
  type NotificationPreferencesInput,
  uploadNotifyOnSchema,
} from "./notification-preferences";
import { isValidTimeZone } from "./zoned-time";

/** The categories that are delivered one by one or in the digest (the digest itself is not). */
export const MODE_CATEGORIES = ["batch_succeeded", "batch_failed", "results_expiring"] as const satisfies readonly ConfigurableCategory[];
type ModeCategory = (typeof MODE_CATEGORIES)[number];

export const channelFieldName = (category: ConfigurableCategory, channel: NotificationChannel) => `channel:${category}:${channel}`;
export const modeFieldName = (category: ModeCategory) => `mode:${category}`;

const checkbox = z
  .literal("on")
  .optional()
  .transform((value) => value === "on");

const channelFields = Object.fromEntries(
  configurableCategorySchema.options.flatMap((category) => notificationChannelSchema.options.map((channel) => [channelFieldName(category, channel), checkbox])),
) as Record<string, typeof checkbox>;

const modeFields = Object.fromEntries(
  MODE_CATEGORIES.map((category) => [modeFieldName(category), z.enum(["instant", "digest"], { error: "Choose Instant or In the digest" })]),
);

const optionalNumber = (error: string, min: number, max: number) =>
  z.preprocess((value) => (value === "" || value === undefined ? undefined : value), z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional());

const optionalTime = z.string().optional();
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export const preferenceFormSchema = z
  .object({
    ...channelFields,
    ...modeFields,
    digestFrequency: z.enum(["hourly", "daily", "weekly"], { error: "Choose how often the digest comes" }),
    digestHour: optionalNumber("Choose an hour from 00 to 23", 0, 23),
    digestWeekday: optionalNumber("Choose a day of the week", 0, 6),
    quietHours: z.enum(["off", "on"], { error: "Choose whether quiet hours are on" }),
    quietStart: optionalTime,
    quietEnd: optionalTime,
    dailyCap: z.coerce
      .number({ error: `Enter a daily cap from 1 to ${MAX_DAILY_CAP}` })
      .int({ error: `Enter a whole number from 1 to ${MAX_DAILY_CAP}` })
      .min(1, { error: `The daily cap must be at least 1` })
      .max(MAX_DAILY_CAP, { error: `The daily cap can be at most ${MAX_DAILY_CAP}` }),
    uploadNotifyOn: z.enum(uploadNotifyOnSchema.options, { error: "Choose when a finished batch emails you" }),
    timeZone: z
      .string({ error: "Choose a time zone" })
      .trim()
      .refine(isValidTimeZone, { error: "Unknown time zone: pick one from the list, e.g. Europe/Berlin or UTC" }),
  })
  .superRefine((form, context) => {
    if (form.digestFrequency !== "hourly" && form.digestHour === undefined) context.addIssue({ code: "custom", path: ["digestHour"], message: "Choose the hour the digest comes" });
    if (form.digestFrequency === "weekly" && form.digestWeekday === undefined) context.addIssue({ code: "custom", path: ["digestWeekday"], message: "Choose the day the digest comes" });
    if (form.quietHours === "off") return;
    for (const key of ["quietStart", "quietEnd"] as const) {
      if (!TIME_OF_DAY.test(form[key] ?? "")) context.addIssue({ code: "custom", path: [key], message: "Enter a time as HH:MM, e.g. 22:00" });
    }
    if (form.quietStart !== undefined && form.quietStart === form.quietEnd) {
      context.addIssue({ code: "custom", path: ["quietEnd"], message: "Quiet hours must start and end at different times" });
    }
  })
  .transform((form): NotificationPreferencesInput => {
    const field = form as Record<string, unknown>;
    const channels = (category: ConfigurableCategory) => ({
      email: field[channelFieldName(category, "email")] === true,
      webhook: field[channelFieldName(category, "webhook")] === true,
      in_app: field[channelFieldName(category, "in_app")] === true,
    });
    const mode = (category: ModeCategory) => field[modeFieldName(category)] as "instant" | "digest";
    return {
      categories: {
        batch_succeeded: { channels: channels("batch_succeeded"), mode: mode("batch_succeeded") },
        batch_failed: { channels: channels("batch_failed"), mode: mode("batch_failed") },
        digest: { channels: channels("digest"), schedule: scheduleOf(form) },
        results_expiring: { channels: channels("results_expiring"), mode: mode("results_expiring") },
      },
      timeZone: form.timeZone,
      quietHours: form.quietHours === "on" ? { start: form.quietStart ?? "", end: form.quietEnd ?? "" } : null,
      dailyCap: form.dailyCap,
      uploadDefaults: { notifyOn: form.uploadNotifyOn },
    };
  })
  .pipe(notificationPreferencesSchema);

function scheduleOf(form: { digestFrequency: DigestSchedule["frequency"]; digestHour?: number; digestWeekday?: number }): DigestSchedule {
  if (form.digestFrequency === "hourly") return { frequency: "hourly" };
  if (form.digestFrequency === "daily") return { frequency: "daily", hour: form.digestHour ?? 0 };
  return { frequency: "weekly", weekday: form.digestWeekday ?? 0, hour: form.digestHour ?? 0 };
}

/** What the form submits for `preferences` when nobody changes anything (unchecked boxes send nothing). */
export function preferenceFormEntries(preferences: NotificationPreferences): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const category of configurableCategorySchema.options) {
    for (const channel of notificationChannelSchema.options) {
      if (preferences.categories[category].channels[channel]) entries[channelFieldName(category, channel)] = "on";
    }
  }
  for (const category of MODE_CATEGORIES) entries[modeFieldName(category)] = preferences.categories[category].mode;
  const schedule = preferences.categories.digest.schedule;
  entries.digestFrequency = schedule.frequency;
  if (schedule.frequency !== "hourly") entries.digestHour = String(schedule.hour);
  if (schedule.frequency === "weekly") entries.digestWeekday = String(schedule.weekday);
  entries.quietHours = preferences.quietHours ? "on" : "off";
  if (preferences.quietHours) {
    entries.quietStart = preferences.quietHours.start;
    entries.quietEnd = preferences.quietHours.end;
  }
  entries.dailyCap = String(preferences.dailyCap);
  entries.timeZone = preferences.timeZone;
  entries.uploadNotifyOn = preferences.uploadDefaults.notifyOn;
  return entries;
}
