import { describe, expect, it } from "vitest";
import { DEFAULT_DAILY_CAP, defaultPreferences, notificationPreferencesSchema } from "../notification-preferences";

describe("defaultPreferences", () => {
  it("succeeded, failed and results_expiring on; digest off; email and in-app, no webhook; no quiet hours; 50 a day", () => {
    expect(defaultPreferences("Europe/Berlin")).toEqual({
      categories: {
        batch_succeeded: { channels: { email: true, webhook: false, in_app: true }, mode: "instant" },
        batch_failed: { channels: { email: true, webhook: false, in_app: true }, mode: "instant" },
        digest: { channels: { email: false, webhook: false, in_app: false } },
        results_expiring: { channels: { email: true, webhook: false, in_app: true }, mode: "instant" },
      },
      timeZone: "Europe/Berlin",
      quietHours: null,
      dailyCap: 50,
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

  it("rejects a zero or fractional cap", () => {
    expect(notificationPreferencesSchema.safeParse({ ...valid(), dailyCap: 0 }).success).toBe(false);
    expect(notificationPreferencesSchema.safeParse({ ...valid(), dailyCap: 2.5 }).success).toBe(false);
  });

  it("has no switch for transactional account mail", () => {
    const categories = { ...valid().categories, account: { channels: { email: false, webhook: false, in_app: false }, mode: "instant" } };
    expect(notificationPreferencesSchema.safeParse({ ...valid(), categories }).success).toBe(false);
  });
});
