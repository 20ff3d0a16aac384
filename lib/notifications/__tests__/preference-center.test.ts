// The preference center's domain: the form as a browser submits it → preferences
// (checkbox grid, modes, schedule, quiet hours, cap, zone), what the page reads, and
// the browser's time zone adopted once. Real Postgres, a database of its own.
import { beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { defaultPreferences, type NotificationPreferences } from "../preferences/notification-preferences";
import { adoptBrowserTimeZone, loadPreferenceCenter, timeZoneOptions } from "../preferences/preference-center";
import { channelFieldName, preferenceFormEntries, preferenceFormSchema } from "../preferences/preference-form";
import { loadPreferences, savePreferences } from "../preferences/preference-store";
import { suppress } from "../deliveries/suppression";
import { newUser } from "./support/finished-batch";

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});

/** What userAction does with a submitted form. */
function parseForm(entries: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) form.set(name, value);
  return preferenceFormSchema.safeParse(Object.fromEntries(form));
}

function customPreferences(): NotificationPreferences {
  const preferences = defaultPreferences("Europe/Berlin");
  preferences.categories.batch_succeeded.channels = { email: false, webhook: true, in_app: true };
  preferences.categories.batch_succeeded.mode = "digest";
  preferences.categories.batch_failed.channels = { email: true, webhook: false, in_app: false };
  preferences.categories.digest.channels = { email: false, webhook: false, in_app: true };
  preferences.categories.digest.schedule = { frequency: "weekly", weekday: 5, hour: 17 };
  preferences.categories.results_expiring.channels = { email: false, webhook: false, in_app: false };
  preferences.quietHours = { start: "22:30", end: "06:45" };
  preferences.dailyCap = 7;
  return preferences;
}

describe("the preference form", () => {
  it("round-trips the checkbox grid, modes, weekly schedule, quiet hours, cap and zone", () => {
    for (const preferences of [defaultPreferences(), customPreferences()]) {
      const parsed = parseForm(preferenceFormEntries(preferences));
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(preferences);
    }
  });

  it("reads an unchecked box (absent from the form) as off", () => {
    const entries = preferenceFormEntries(defaultPreferences());
    delete entries[channelFieldName("batch_failed", "email")];
    const parsed = parseForm(entries);
    expect(parsed.data?.categories.batch_failed.channels).toEqual({ email: false, webhook: false, in_app: true });
    expect(parsed.data?.categories.batch_succeeded.channels.email).toBe(true);
  });

  it("turns quiet hours off and ignores stale times, and on only with two different HH:MM times", () => {
    const off = parseForm({ ...preferenceFormEntries(customPreferences()), quietHours: "off" });
    expect(off.data?.quietHours).toBeNull();

    const on = parseForm({ ...preferenceFormEntries(defaultPreferences()), quietHours: "on", quietStart: "21:00", quietEnd: "07:30" });
    expect(on.data?.quietHours).toEqual({ start: "21:00", end: "07:30" });

    const missing = parseForm({ ...preferenceFormEntries(defaultPreferences()), quietHours: "on", quietStart: "25:00" });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["quietStart", "Enter a time as HH:MM, e.g. 22:00"],
      ["quietEnd", "Enter a time as HH:MM, e.g. 22:00"],
    ]);

    const same = parseForm({ ...preferenceFormEntries(defaultPreferences()), quietHours: "on", quietStart: "08:00", quietEnd: "08:00" });
    expect(same.error?.issues[0]).toMatchObject({ path: ["quietEnd"], message: "Quiet hours must start and end at different times" });
  });

  it("keeps the daily cap within 1–1000, saying which bound", () => {
    const capOf = (dailyCap: string) => parseForm({ ...preferenceFormEntries(defaultPreferences()), dailyCap });
    expect(capOf("1").data?.dailyCap).toBe(1);
    expect(capOf("1000").data?.dailyCap).toBe(1000);
    expect(capOf("0").error?.issues[0]).toMatchObject({ path: ["dailyCap"], message: "The daily cap must be at least 1" });
    expect(capOf("1001").error?.issues[0]).toMatchObject({ path: ["dailyCap"], message: "The daily cap can be at most 1000" });
    expect(capOf("2.5").success).toBe(false);
    expect(capOf("lots").success).toBe(false);
  });

  it("refuses an unknown time zone and accepts any listed one", () => {
    const zoneOf = (timeZone: string) => parseForm({ ...preferenceFormEntries(defaultPreferences()), timeZone });
    expect(zoneOf("Mars/Base").error?.issues[0]).toMatchObject({ path: ["timeZone"], message: expect.stringContaining("Unknown time zone") });
    expect(zoneOf("").success).toBe(false);
    expect(zoneOf(" America/New_York ").data?.timeZone).toBe("America/New_York");
    const zones = timeZoneOptions();
    expect(zones).toContain("UTC");
    expect(zones).toContain("Europe/Berlin");
    for (const zone of zones) expect(zoneOf(zone).success, zone).toBe(true);
  });

  it("needs the hour for a daily digest and the day for a weekly one; hourly needs neither", () => {
    const base = preferenceFormEntries(defaultPreferences());
    delete base.digestHour;
    expect(parseForm({ ...base, digestFrequency: "hourly" }).data?.categories.digest.schedule).toEqual({ frequency: "hourly" });
    expect(parseForm({ ...base, digestFrequency: "daily" }).error?.issues[0]?.path).toEqual(["digestHour"]);
    expect(parseForm({ ...base, digestFrequency: "weekly", digestHour: "9" }).error?.issues[0]?.path).toEqual(["digestWeekday"]);
    expect(parseForm({ ...base, digestFrequency: "daily", digestHour: "24" }).success).toBe(false);
    expect(parseForm({ ...base, digestFrequency: "weekly", digestHour: "9", digestWeekday: "0" }).data?.categories.digest.schedule).toEqual({
      frequency: "weekly",
      weekday: 0,
      hour: 9,
    });
  });

  it("stores what it parsed, and the next load (what notify reads) returns it", async () => {
    const user = await newUser();
    const parsed = parseForm(preferenceFormEntries(customPreferences()));
    await savePreferences(user.id, parsed.data!);
    expect(await loadPreferences(user.id)).toEqual(customPreferences());
  });
});

describe("the preference center", () => {
  it("shows the defaults notify would use until something is stored, webhook on once an endpoint exists", async () => {
    const user = await newUser();
    const fresh = await loadPreferenceCenter(user.id);
    expect(fresh).toMatchObject({ stored: false, suppression: null, email: user.email.toLowerCase() });
    expect(fresh.preferences).toEqual(defaultPreferences("UTC"));

    await db().webhookEndpoint.create({ data: { userId: user.id, url: "https://hooks.example.com/t", secret: "whsec_x", events: ["batch.failed"] } });
    expect((await loadPreferenceCenter(user.id)).preferences.categories.batch_failed.channels.webhook).toBe(true);
  });

  it("says when the person's own address is suppressed, and why", async () => {
    const user = await newUser();
    await suppress(user.email, "bounced", "550 mailbox unavailable");
    expect((await loadPreferenceCenter(user.id)).suppression).toEqual({ reason: "bounced", detail: "550 mailbox unavailable" });
  });

  it("adopts the browser's time zone once, never over a stored choice", async () => {
    const user = await newUser();
    expect(await adoptBrowserTimeZone(user.id, "Mars/Base")).toBe(false);
    expect((await loadPreferenceCenter(user.id)).stored).toBe(false);

    expect(await adoptBrowserTimeZone(user.id, "Europe/Berlin")).toBe(true);
    const center = await loadPreferenceCenter(user.id);
    expect(center.stored).toBe(true);
    expect(center.preferences).toEqual(defaultPreferences("Europe/Berlin"));

    expect(await adoptBrowserTimeZone(user.id, "Asia/Tokyo")).toBe(false);
    expect((await loadPreferences(user.id)).timeZone).toBe("Europe/Berlin");
  });
});
