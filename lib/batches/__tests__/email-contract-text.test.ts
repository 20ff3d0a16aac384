import { describe, expect, it } from "vitest";
import type { Batch } from "../../db/generated/client";
import { batchOptionsSchema } from "../batch-options";
import { toBatchView } from "../batch-view";
import { defaultPreferences, type NotificationPreferences } from "../../notifications/preferences/notification-preferences";
import { describeEmailContract, describeEmailDelivery, notifyOnOf } from "../email-contract-text";

describe("describeEmailContract", () => {
  it("says which outcomes email the uploader and who chose", () => {
    expect(describeEmailContract({ enabled: true, on: ["SUCCESS", "FAILURE"] }, "default")).toBe("Email: on success and failure (your default)");
    expect(describeEmailContract({ enabled: true, on: ["SUCCESS"] }, "upload")).toBe("Email: only on success (set for this upload)");
    expect(describeEmailContract({ enabled: true, on: ["FAILURE"] }, "default")).toBe("Email: only on failure (your default)");
    expect(describeEmailContract({ enabled: false, on: ["SUCCESS", "FAILURE"] }, "upload")).toBe("Email: never (set for this upload)");
  });

  it("reads an enabled contract without outcomes as never", () => {
    expect(notifyOnOf({ enabled: true, on: [] })).toBe("none");
  });
});

describe("toBatchView's emailNotice", () => {
  const batch = (options: unknown) =>
    ({
      id: "b1",
      status: "queued",
      source: "api",
      fileCount: 1,
      totalBytes: 10n,
      stats: null,
      options,
      createdAt: new Date(0),
      startedAt: null,
      finishedAt: null,
      expiresAt: new Date(0),
    }) as unknown as Batch;

  it("shows what the stored options applied", () => {
    const options = batchOptionsSchema.parse({ notifications: { email: { on: ["FAILURE"] } }, notifications_source: "upload" });
    expect(toBatchView(batch(options)).emailNotice).toBe("Email: only on failure (set for this upload)");
  });

  it("reads options stored before the source existed as the default", () => {
    expect(toBatchView(batch({ notifications: { email: { enabled: true, on: ["SUCCESS", "FAILURE"] } } })).emailNotice).toBe("Email: on success and failure (your default)");
  });
});

describe("describeEmailDelivery", () => {
  const both = { enabled: true, on: ["SUCCESS", "FAILURE"] } as const;
  const prefs = (change: (preferences: NotificationPreferences) => void) => {
    const preferences = defaultPreferences("Europe/Paris");
    change(preferences);
    return preferences;
  };

  it("reads as before when every email goes out right away", () => {
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "default", defaultPreferences())).toBe("Email: on success and failure (your default)");
    expect(describeEmailDelivery({ enabled: true, on: ["FAILURE"] }, "upload", defaultPreferences())).toBe("Email: only on failure (set for this upload)");
    expect(describeEmailDelivery({ enabled: false, on: [] }, "upload", defaultPreferences())).toBe("Email: never (set for this upload)");
  });

  it("says the email goes into the digest when the categories are in digest mode", () => {
    const preferences = prefs((p) => {
      p.categories.batch_succeeded.mode = "digest";
      p.categories.batch_failed.mode = "digest";
    });
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "default", preferences)).toBe("Email: on success and failure, in your daily digest (08:00) (your default)");
  });

  it("tells apart outcomes that go out differently", () => {
    const preferences = prefs((p) => {
      p.categories.batch_succeeded.mode = "digest";
      p.categories.digest.schedule = { frequency: "hourly" };
    });
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "default", preferences)).toBe("Email: on success in your hourly digest, on failure right away (your default)");
  });

  it("says which emails are turned off in the settings, and none when all are", () => {
    const failureOff = prefs((p) => {
      p.categories.batch_failed.channels.email = false;
    });
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "default", failureOff)).toBe(
      "Email: only on success, right away; failure emails are turned off in your notification settings (your default)",
    );
    const allOff = prefs((p) => {
      p.categories.batch_failed.channels.email = false;
      p.categories.batch_succeeded.channels.email = false;
    });
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "upload", allOff)).toBe(
      "Email: none — success and failure emails are turned off in your notification settings (set for this upload)",
    );
  });

  it("names the quiet hours that hold an instant email", () => {
    const preferences = prefs((p) => {
      p.quietHours = { start: "22:00", end: "07:00" };
    });
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "default", preferences)).toBe("Email: on success and failure, held during your quiet hours (22:00–07:00) (your default)");
  });

  it("says an instant email goes into the digest once today's cap is reached", () => {
    const preferences = prefs((p) => {
      p.dailyCap = 3;
    });
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "default", preferences, 2)).toBe("Email: on success and failure (your default)");
    expect(describeEmailDelivery({ ...both, on: [...both.on] }, "default", preferences, 3)).toBe("Email: on success and failure, in your daily digest (08:00) (your default)");
  });
});
