import { describe, expect, it } from "vitest";
import { categoryForOutcome, evaluateNotification, type NotificationInput } from "../rules/evaluate-notification";
import { defaultPreferences, type NotificationPreferences } from "../preferences/notification-preferences";

const noon = new Date("2026-01-15T11:00:00Z"); // 12:00 in Berlin
const lateNight = new Date("2026-01-15T22:30:00Z"); // 23:30 in Berlin

function preferences(change: (prefs: NotificationPreferences) => void = () => {}): NotificationPreferences {
  const prefs = defaultPreferences("Europe/Berlin");
  change(prefs);
  return prefs;
}

function input(overrides: Partial<NotificationInput> = {}): NotificationInput {
  return {
    category: "batch_succeeded",
    channel: "email",
    outcome: "completed",
    now: noon,
    preferences: preferences(),
    suppressed: false,
    sentToday: 0,
    ...overrides,
  };
}

/** Every rule would fire: quiet hours, cap reached, digest mode, channel off. */
const everythingOn = (prefs: NotificationPreferences) => {
  prefs.quietHours = { start: "22:00", end: "07:00" };
  prefs.categories.batch_succeeded.mode = "digest";
};

describe("evaluateNotification: each rule changes the decision", () => {
  it("with nothing in the way, sends now", () => {
    expect(evaluateNotification(input())).toEqual({ action: "send", reason: "instant" });
  });

  it("a suppressed address is not sent to", () => {
    expect(evaluateNotification(input({ suppressed: true }))).toEqual({ action: "suppressed", reason: "suppressed" });
  });

  it("the batch contract skips outcomes it does not list; partial counts as FAILURE", () => {
    const onlySuccess = { enabled: true, on: ["SUCCESS" as const] };
    const onlyFailure = { enabled: true, on: ["FAILURE" as const] };
    const skipped = { action: "skipped_preference", reason: "batch_contract" };
    expect(evaluateNotification(input({ batchContract: onlySuccess }))).toEqual({ action: "send", reason: "instant" });
    expect(evaluateNotification(input({ batchContract: onlyFailure }))).toEqual(skipped);
    const partial = { category: "batch_failed", outcome: "partial" } as const;
    expect(evaluateNotification(input({ ...partial, batchContract: onlySuccess }))).toEqual(skipped);
    expect(evaluateNotification(input({ ...partial, batchContract: onlyFailure }))).toEqual({ action: "send", reason: "instant" });
    expect(evaluateNotification(input({ category: "batch_failed", outcome: "failed", batchContract: onlySuccess }))).toEqual(skipped);
    expect(evaluateNotification(input({ batchContract: { enabled: false, on: ["SUCCESS", "FAILURE"] } }))).toEqual(skipped);
  });

  it("the contract reads the category when no outcome is given, and does not touch non-batch categories", () => {
    const onlySuccess = { enabled: true, on: ["SUCCESS" as const] };
    expect(evaluateNotification(input({ category: "batch_failed", outcome: undefined, batchContract: onlySuccess })).action).toBe(
      "skipped_preference",
    );
    expect(
      evaluateNotification(input({ category: "results_expiring", outcome: undefined, batchContract: { enabled: false, on: [] } })),
    ).toEqual({ action: "send", reason: "instant" });
  });

  it("a category × channel switched off is skipped, other channels still go", () => {
    const prefs = preferences((p) => (p.categories.batch_succeeded.channels.email = false));
    expect(evaluateNotification(input({ preferences: prefs }))).toEqual({ action: "skipped_preference", reason: "preference_off" });
    expect(evaluateNotification(input({ preferences: prefs, channel: "in_app" }))).toEqual({ action: "send", reason: "instant" });
    expect(evaluateNotification(input({ channel: "webhook" }))).toEqual({ action: "skipped_preference", reason: "preference_off" });
    // The digest comes by email but not in-app by default.
    expect(evaluateNotification(input({ category: "digest", outcome: undefined, channel: "in_app" })).reason).toBe("preference_off");
  });

  it("quiet hours defer to the end of the window in the user's zone", () => {
    const prefs = preferences((p) => (p.quietHours = { start: "22:00", end: "07:00" }));
    expect(evaluateNotification(input({ preferences: prefs, now: lateNight }))).toEqual({
      action: "deferred",
      reason: "quiet_hours",
      deferUntil: new Date("2026-01-16T06:00:00Z"),
    });
    expect(evaluateNotification(input({ preferences: prefs, now: noon }))).toEqual({ action: "send", reason: "instant" });
  });

  it("the daily cap folds into the digest instead of dropping", () => {
    expect(evaluateNotification(input({ sentToday: 49 }))).toEqual({ action: "send", reason: "instant" });
    expect(evaluateNotification(input({ sentToday: 50 }))).toEqual({ action: "digested", reason: "daily_cap" });
    const lowCap = preferences((p) => (p.dailyCap = 3));
    expect(evaluateNotification(input({ preferences: lowCap, sentToday: 3 }))).toEqual({ action: "digested", reason: "daily_cap" });
  });

  it("digest mode for the category folds it into the digest; other categories still go", () => {
    const prefs = preferences((p) => (p.categories.batch_succeeded.mode = "digest"));
    expect(evaluateNotification(input({ preferences: prefs }))).toEqual({ action: "digested", reason: "digest_mode" });
    expect(evaluateNotification(input({ preferences: prefs, category: "batch_failed", outcome: "failed" }))).toEqual({
      action: "send",
      reason: "instant",
    });
  });
});

describe("evaluateNotification: the order of the rules", () => {
  it("peeling the rules off one at a time reveals each in turn", () => {
    const all = input({
      category: "batch_succeeded",
      suppressed: true,
      batchContract: { enabled: true, on: ["FAILURE"] },
      preferences: preferences((p) => {
        everythingOn(p);
        p.categories.batch_succeeded.channels.email = false;
      }),
      now: lateNight,
      sentToday: 50,
    });
    const reasons: string[] = [];
    let current: NotificationInput = all;
    const peel = (next: Partial<NotificationInput>) => {
      reasons.push(evaluateNotification(current).reason);
      current = { ...current, ...next };
    };
    peel({ suppressed: false });
    peel({ batchContract: undefined });
    peel({ preferences: preferences(everythingOn) });
    peel({ now: noon });
    peel({ sentToday: 0 });
    peel({ preferences: preferences() });
    reasons.push(evaluateNotification(current).reason);
    expect(reasons).toEqual(["suppressed", "batch_contract", "preference_off", "quiet_hours", "daily_cap", "digest_mode", "instant"]);
  });

  it("transactional mail ignores everything", () => {
    const prefs = preferences((p) => {
      everythingOn(p);
      p.dailyCap = 1;
    });
    const decision = evaluateNotification(
      input({ category: "account", outcome: undefined, suppressed: true, preferences: prefs, now: lateNight, sentToday: 99, batchContract: { enabled: false, on: [] } }),
    );
    expect(decision).toEqual({ action: "send", reason: "transactional" });
  });

  it("a consent request to an extra recipient goes at once, held back only by suppression (the owner's quiet hours and cap are not the stranger's)", () => {
    const prefs = preferences((p) => {
      everythingOn(p);
      p.dailyCap = 1;
    });
    const consent = input({ category: "recipient_consent", outcome: undefined, preferences: prefs, now: lateNight, sentToday: 99 });
    expect(evaluateNotification(consent)).toEqual({ action: "send", reason: "consent_request" });
    expect(evaluateNotification({ ...consent, suppressed: true })).toEqual({ action: "suppressed", reason: "suppressed" });
  });

  it("suppressed beats quiet hours", () => {
    const prefs = preferences(everythingOn);
    expect(evaluateNotification(input({ preferences: prefs, now: lateNight })).action).toBe("deferred");
    expect(evaluateNotification(input({ preferences: prefs, now: lateNight, suppressed: true })).action).toBe("suppressed");
  });

  it("contract exclusion beats the preference", () => {
    const prefs = preferences((p) => (p.categories.batch_succeeded.channels.email = false));
    expect(evaluateNotification(input({ preferences: prefs, batchContract: { enabled: false, on: [] } })).reason).toBe("batch_contract");
  });

  it("a switched-off preference beats quiet hours: nothing is deferred that would never be sent", () => {
    const prefs = preferences((p) => {
      p.quietHours = { start: "22:00", end: "07:00" };
      p.categories.batch_succeeded.channels.email = false;
    });
    expect(evaluateNotification(input({ preferences: prefs, now: lateNight })).reason).toBe("preference_off");
  });

  it("quiet hours beat the cap, and the cap beats digest mode", () => {
    const prefs = preferences(everythingOn);
    expect(evaluateNotification(input({ preferences: prefs, now: lateNight, sentToday: 50 })).reason).toBe("quiet_hours");
    expect(evaluateNotification(input({ preferences: prefs, sentToday: 50 })).reason).toBe("daily_cap");
    expect(evaluateNotification(input({ preferences: prefs, sentToday: 0 })).reason).toBe("digest_mode");
  });
});

describe("categoryForOutcome", () => {
  it("completed is a success; partial and failed are failures", () => {
    expect(categoryForOutcome("completed")).toBe("batch_succeeded");
    expect(categoryForOutcome("partial")).toBe("batch_failed");
    expect(categoryForOutcome("failed")).toBe("batch_failed");
  });
});
