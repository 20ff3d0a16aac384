// Pure parts of lib/admin: who is an admin, the ADMIN_EMAILS setting, the alert's
// words, and how failures and payloads are shown.
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../email/render-email";
import { EnvError, parseEnv } from "../../env";
import { adminAlertSubject, composeAdminAlert, describeWindow } from "../compose-admin-alert";
import { isAdmin } from "../is-admin";
import { summarizePayload } from "../list-dead-letter-jobs";
import { failureMessage } from "../record-queue-failures";

const secret = () => "x".repeat(40);

describe("ADMIN_EMAILS", () => {
  it("defaults to no one, and lower-cases, trims and de-duplicates the list", () => {
    expect(parseEnv({}, secret).ADMIN_EMAILS).toEqual([]);
    expect(parseEnv({ ADMIN_EMAILS: "" }, secret).ADMIN_EMAILS).toEqual([]);
    expect(parseEnv({ ADMIN_EMAILS: " Ops@Example.com, oncall@example.com,,ops@example.com " }, secret).ADMIN_EMAILS).toEqual([
      "ops@example.com",
      "oncall@example.com",
    ]);
  });

  it("names the setting when an entry is not an address", () => {
    expect(() => parseEnv({ ADMIN_EMAILS: "ops@example.com, not-an-address" }, secret)).toThrow(EnvError);
    try {
      parseEnv({ ADMIN_EMAILS: "ops@example.com, not-an-address" }, secret);
    } catch (error) {
      expect((error as EnvError).problems.join("\n")).toMatch(/^ADMIN_EMAILS\.1: each entry must be an email address$/m);
    }
  });

  it("isAdmin compares without case and refuses everyone when the list is empty", () => {
    expect(isAdmin("OPS@example.com", ["ops@example.com"])).toBe(true);
    expect(isAdmin("ops@example.com.evil.test", ["ops@example.com"])).toBe(false);
    expect(isAdmin("ops@example.com", [])).toBe(false);
    expect(isAdmin(null, ["ops@example.com"])).toBe(false);
  });
});

describe("admin alert wording", () => {
  it("describes how long the folded failures span, rounded up", () => {
    expect(describeWindow(0)).toBe("1 minute");
    expect(describeWindow(4 * 60_000 + 1)).toBe("5 minutes");
    expect(describeWindow(3 * 3600_000)).toBe("3 hours");
    expect(describeWindow(3 * 24 * 3600_000)).toBe("3 days");
  });

  it("names one failure by queue and attempts, several by count per queue", () => {
    expect(adminAlertSubject({ queue: "batch.process-file", attempts: 4, failuresInWindow: 1 })).toBe("batch.process-file: job failed after 4 attempts");
    expect(
      adminAlertSubject({
        queue: "batch.process-file",
        attempts: 4,
        failuresInWindow: 3,
        window: "5 minutes",
        queueCounts: [
          { queue: "batch.process-file", count: 2 },
          { queue: "notification.send-email", count: 1 },
        ],
      }),
    ).toBe("3 jobs failed for good in the last 5 minutes: 2 × batch.process-file, 1 × notification.send-email");
  });

  it("renders a folded alert with the counts, the latest errors and the admin link, and no unsubscribe", async () => {
    const now = new Date("2026-03-04T20:05:00Z");
    const failure = (queue: string, jobId: string, error: string, minute: number) => ({ queue, jobId, error, attempts: 4, failedAt: new Date(`2026-03-04T20:0${minute}:00Z`) });
    const { subject, react } = composeAdminAlert(
      {
        id: "alert_1",
        claimedAt: now,
        failureCount: 3,
        since: new Date("2026-03-04T20:00:00Z"),
        byQueue: [
          { queue: "batch.process-file", count: 2 },
          { queue: "notification.send-email", count: 1 },
        ],
        latest: [failure("notification.send-email", "job_3", "<provider> said 503", 4), failure("batch.process-file", "job_2", "storage down", 2), failure("batch.process-file", "job_1", "storage down", 0)],
      },
      "https://tidings.example.com",
    );
    expect(subject).toBe("3 jobs failed for good in the last 5 minutes: 2 × batch.process-file, 1 × notification.send-email");
    const { html, text } = await renderEmail(react);
    for (const expected of ["2 × batch.process-file, 1 × notification.send-email", "job_3", "job_2", "job_1", "<provider> said 503", "March 4, 2026 at 8:04 PM UTC"]) {
      expect(text).toContain(expected);
    }
    expect(html).toContain("&lt;provider&gt; said 503");
    expect(html).toContain('href="https://tidings.example.com/admin#dead-letters"');
    expect(text).not.toMatch(/unsubscribe|preferences/i);
    expect(html).not.toContain("job_preview");
  });
});

describe("failure and payload display", () => {
  it("takes the error message pg-boss kept, whatever its shape", () => {
    expect(failureMessage({ message: "boom" })).toBe("boom");
    expect(failureMessage({ value: { message: "job timed out" } })).toBe("job timed out");
    expect(failureMessage("plain")).toBe("plain");
    expect(failureMessage({ code: 42 })).toBe('{"code":42}');
    expect(failureMessage(null)).toMatch(/^No error was recorded/);
    expect(failureMessage({ message: "x".repeat(5000) })).toHaveLength(2000);
  });

  it("summarizes a payload on one short line", () => {
    expect(summarizePayload({ deliveryId: "d_1" })).toBe("deliveryId: d_1");
    expect(summarizePayload({ a: 1, b: { c: true } })).toBe('a: 1, b: {"c":true}');
    expect(summarizePayload({})).toBe("—");
    expect(summarizePayload({ jobId: "j".repeat(300) })).toHaveLength(120);
  });
});
