// The upload default in preferences: chosen in the form, stored, read back; rows
// stored before it existed read as "both". Real Postgres.
import { beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { defaultPreferences } from "../preferences/notification-preferences";
import { preferenceFormEntries, preferenceFormSchema } from "../preferences/preference-form";
import { loadPreferences, savePreferences } from "../preferences/preference-store";
import { newUser } from "./support/finished-batch";

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});

describe("upload defaults preference", () => {
  it("round-trips each choice through the form, the store and the next load", async () => {
    const user = await newUser();
    for (const notifyOn of ["none", "success", "failure", "both"] as const) {
      const entries = { ...preferenceFormEntries(defaultPreferences("UTC")), uploadNotifyOn: notifyOn };
      await savePreferences(user.id, preferenceFormSchema.parse(entries));
      const loaded = await loadPreferences(user.id);
      expect(loaded.uploadDefaults).toEqual({ notifyOn });
      expect(preferenceFormEntries(loaded).uploadNotifyOn).toBe(notifyOn);
    }
  });

  it("refuses a form without a valid choice, naming the field", () => {
    const result = preferenceFormSchema.safeParse({ ...preferenceFormEntries(defaultPreferences("UTC")), uploadNotifyOn: "sometimes" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain("uploadNotifyOn");
  });

  it("reads a row stored before upload defaults existed as both outcomes, keeping the rest", async () => {
    const user = await newUser();
    const { uploadDefaults: _omitted, ...older } = defaultPreferences("Europe/Berlin");
    await db().notificationPreference.create({ data: { userId: user.id, settings: { ...older, dailyCap: 7 } } });
    const loaded = await loadPreferences(user.id);
    expect(loaded).toMatchObject({ timeZone: "Europe/Berlin", dailyCap: 7, uploadDefaults: { notifyOn: "both" } });
  });
});
