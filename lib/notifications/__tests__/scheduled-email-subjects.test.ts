import { describe, expect, it } from "vitest";
import { digestEmailSubject } from "../compose/digest-email-subject";
import { resultsExpiringEmailSubject } from "../compose/results-expiring-email-subject";
import type { DigestPayload } from "../events/digest";

const batch = (valid: number, fileNames = ["contacts.csv"]): DigestPayload["batches"][number] => ({
  eventId: `evt_${valid}`,
  batchId: `bat_${valid}`,
  title: fileNames[0] ?? "Your batch",
  fileNames,
  outcome: "completed",
  failedFiles: 0,
  rows: valid + 100,
  valid,
  uploadedAt: "2030-03-04T10:00:00.000Z",
  finishedAt: "2030-03-04T10:05:00.000Z",
});
const reminder = (fileNames: string[]): DigestPayload["expiring"][number] => ({
  eventId: `evt_${fileNames.join()}`,
  batchId: `bat_${fileNames.join()}`,
  title: fileNames[0] ?? "Your batch",
  fileNames,
  expiresAt: "2030-03-06T05:30:00.000Z",
});

describe("digestEmailSubject", () => {
  it.each([
    { batches: [batch(9_812), batch(9_812), batch(8_786)], expiring: [], subject: "Your Tidings digest: 3 batches, 28,410 valid rows" },
    { batches: [batch(1)], expiring: [], subject: "Your Tidings digest: 1 batch, 1 valid row" },
    { batches: [batch(0)], expiring: [], subject: "Your Tidings digest: 1 batch, 0 valid rows" },
    { batches: [batch(9_812)], expiring: [reminder(["old.csv"])], subject: "Your Tidings digest: 1 batch, 9,812 valid rows; results of 1 batch deleted soon" },
    { batches: [], expiring: [reminder(["old.csv", "older.csv"])], subject: "Your Tidings digest: results of old.csv and 1 more deleted soon" },
    { batches: [], expiring: [reminder(["a.csv"]), reminder(["b.csv"])], subject: "Your Tidings digest: results of 2 batches deleted soon" },
  ])("$subject", ({ batches, expiring, subject }) => {
    expect(digestEmailSubject({ batches, expiring })).toBe(subject);
  });
});

describe("resultsExpiringEmailSubject", () => {
  it("names the day on the recipient's clock", () => {
    const payload = { fileNames: ["contacts.csv"], deletesAt: "2030-03-06T05:30:00.000Z" };
    expect(resultsExpiringEmailSubject(payload, "UTC")).toBe("Results of contacts.csv are deleted on March 6");
    expect(resultsExpiringEmailSubject(payload, "America/Los_Angeles")).toBe("Results of contacts.csv are deleted on March 5");
    expect(resultsExpiringEmailSubject(payload, "Not/AZone")).toBe("Results of contacts.csv are deleted on March 6");
  });

  it("keeps a header safe: no line breaks, a long first name cut, the count of the others kept", () => {
    const payload = { fileNames: [`${"x".repeat(100)}\r\nBcc: someone@example.com.csv`, "b.csv"], deletesAt: new Date("2030-03-06T05:30:00.000Z") };
    const subject = resultsExpiringEmailSubject(payload, "UTC");
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toMatch(/^Results of x{59}… and 1 more are deleted on March 6$/);
  });
});
