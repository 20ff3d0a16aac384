import { describe, expect, it } from "vitest";
import { DEFAULT_DAILY_CAP, defaultPreferences, notificationPreferencesSchema } from "../preferences/notification-preferences";

describe("defaultPreferences", () => {
  it("succeeded, failed and results_expiring on and instant; the digest (daily at 8) by email only; no webhook; no quiet hours; 50 a day; uploads email on both outcomes", () => {
    expect(defaultPreferences("Europe/Berlin")).toEqual({
      categories: {
        batch_succeeded: { channels: { email: true, webhook: false, in_app: true }, mode: "instant" },
        batch_failed: { channels: { email: true, webhook: false, in_app: true }, mode: "instant" },
        digest: { channels: { email: true, webhook: false, in_app: false }, schedule: { frequency: "daily", hour: 8 } },
        results_expiring: { channels: { email: true, webhook: false, in_app: true }, mode: "instant" },
      },
      timeZone: "Europe/Berlin",
      quietHours: null,
      dailyCap: 50,
      uploadDefaults: { notifyOn: "both" },
    });
  });

  it("defaults to UTC and turns webhooks on once one is configured", () => {
    expect(defaultPreferences().timeZone).toBe("UTC");
    const withWebhook = defaultPreferences("UTC", { webhookConfigured: true });
    expect(withWebhook.categories.batch_failed.channels.webhook).toBe(true);
    expect(withWebhook.categories.digest.channels.webhook).toBe(false);
  });

  it("rejects an unknown time zone", () => {
    expect(() => defaultPreferences("Mars/Olympus_Mons")).toThrow();
  });
});

describe("notificationPreferencesSchema", () => {
  const valid = () => ({ ...defaultPreferences("UTC") });

  it("accepts IANA zones and rejects unknown or empty ones", () => {
    expect(notificationPreferencesSchema.safeParse({ ...valid(), timeZone: "Asia/Kolkata" }).success).toBe(true);
    expect(notificationPreferencesSchema.safeParse({ ...valid(), timeZone: "Europe/Berlinn" }).success).toBe(false);
    expect(notificationPreferencesSchema.safeParse({ ...valid(), timeZone: "" }).success).toBe(false);
    const result = notificationPreferencesSchema.safeParse({ ...valid(), timeZone: "Not/AZone" });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join("."))).toEqual(["timeZone"]);
  });

  it("fills in the cap and no quiet hours when omitted", () => {
    const { quietHours: _quietHours, dailyCap: _dailyCap, ...rest } = valid();
    const parsed = notificationPreferencesSchema.parse(rest);
    expect(parsed.dailyCap).toBe(DEFAULT_DAILY_CAP);
    expect(parsed.quietHours).toBeNull();
  });

  it("accepts quiet hours across midnight and rejects bad times or an empty window", () => {
    expect(notificationPreferencesSchema.safeParse({ ...valid(), quietHours: { start: "22:00", end: "07:00" } }).success).toBe(true);
    expect(notificationPreferencesSchema.safeParse({ ...valid(), quietHours: { start: "24:00", end: "07:00" } }).success).toBe(false);
    expect(notificationPreferencesSchema.safeParse({ ...valid(), quietHours: { start: "7:00", end: "08:00" } }).success).toBe(false);
    expect(notificationPreferencesSchema.safeParse({ ...valid(), quietHours: { start: "07:00", end: "07:00" } }).success).toBe(false);
  });

  it("reads a row stored before digest schedules existed, with the default schedule", () => {
    const stored = JSON.parse(JSON.stringify(valid())) as { categories: { digest: { schedule?: unknown } } };
    delete stored.categories.digest.schedule;
    const parsed = notificationPreferencesSchema.parse(stored);
    expect(parsed.categories.digest.schedule).toEqual({ frequency: "daily", hour: 8 });
    // Each parse gets its own object: changing one user's schedule cannot change another's.
    expect(parsed.categories.digest.schedule).not.toBe(notificationPreferencesSchema.parse(stored).categories.digest.schedule);
  });

  it("accepts hourly, daily and weekly digest schedules and rejects hours, weekdays and fields that do not fit", () => {
    const withSchedule = (schedule: unknown) => {
      const preferences = valid();
      return notificationPreferencesSchema.safeParse({ ...preferences, categories: { ...preferences.categories, digest: { ...preferences.categories.digest, schedule } } });
    };
    expect(withSchedule({ frequency: "hourly" }).success).toBe(true);
    expect(withSchedule({ frequency: "daily", hour: 0 }).success).toBe(true);
    expect(withSchedule({ frequency: "weekly", weekday: 0, hour: 23 }).success).toBe(true);
    expect(withSchedule({ frequency: "daily", hour: 24 }).success).toBe(false);
    expect(withSchedule({ frequency: "daily", hour: 7.5 }).success).toBe(false);
    expect(withSchedule({ frequency: "daily" }).success).toBe(false);
    expect(withSchedule({ frequency: "weekly", weekday: 7, hour: 8 }).success).toBe(false);
    expect(withSchedule({ frequency: "hourly", hour: 8 }).success).toBe(false);
    expect(withSchedule({ frequency: "monthly", hour: 8 }).success).toBe(false);
  });

  it("rejects a zero or fractional cap", () => {
    expect(notificationPreferencesSchema.safeParse({ ...valid(), dailyCap: 0 }).success).toBe(false);
    expect(notificationPreferencesSchema.safeParse({ ...valid(), dailyCap: 2.5 }).success).toBe(false);
  });

  it("has no switch for transactional account mail", () => {
    const categories = { ...valid().categories, account: { channels: { email: false, webhook: false, in_app: false }, mode: "instant" } };
    expect(notificationPreferencesSchema.safeParse({ ...valid(), categories }).success).toBe(false);
  });
});
