import { describe, expect, it } from "vitest";
import { batchEmailSubject, MAX_SUBJECT_FILE_NAME } from "../compose/batch-email-subject";

const done = (name: string) => ({ name, status: "completed" as const });
const failed = (name: string) => ({ name, status: "failed" as const });
const cancelled = (name: string) => ({ name, status: "cancelled" as const });

describe("batchEmailSubject", () => {
  it("one completed file: name and valid of rows", () => {
    expect(batchEmailSubject({ outcome: "completed", files: [done("contacts.csv")], rows: 10_000, valid: 9_812 })).toBe(
      "contacts.csv: 9,812 valid of 10,000",
    );
  });

  it("several completed files: file count and totals with thousands separators", () => {
    expect(
      batchEmailSubject({ outcome: "completed", files: [done("a.csv"), done("b.csv"), done("c.csv")], rows: 1_234_567, valid: 1_200_000 }),
    ).toBe("3 files: 1,200,000 valid of 1,234,567 rows");
  });

  it("partial: first name, how many more, how many failed", () => {
    expect(
      batchEmailSubject({ outcome: "partial", files: [done("contacts.csv"), failed("b.csv"), done("c.csv")], rows: 10, valid: 9 }),
    ).toBe("contacts.csv and 2 more: 1 of 3 files failed");
  });

  it("partial with cancelled files says so", () => {
    expect(batchEmailSubject({ outcome: "partial", files: [done("a.csv"), cancelled("b.csv")], rows: 10, valid: 9 })).toBe(
      "a.csv and 1 more: 1 of 2 files cancelled",
    );
    expect(
      batchEmailSubject({ outcome: "partial", files: [done("a.csv"), failed("b.csv"), cancelled("c.csv")], rows: 10, valid: 9 }),
    ).toBe("a.csv and 2 more: 1 of 3 files failed, 1 cancelled");
  });

  it("failed: the file could not be processed", () => {
    expect(batchEmailSubject({ outcome: "failed", files: [failed("contacts.csv")], rows: 0, valid: 0 })).toBe(
      "contacts.csv could not be processed",
    );
    expect(batchEmailSubject({ outcome: "failed", files: [failed("contacts.csv"), failed("b.csv")], rows: 0, valid: 0 })).toBe(
      "contacts.csv and 1 more could not be processed",
    );
  });

  it("keeps line breaks out of the header and bounds long names", () => {
    const subject = batchEmailSubject({ outcome: "failed", files: [failed("evil\r\nBcc: x@example.com.csv")], rows: 0, valid: 0 });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe("evil Bcc: x@example.com.csv could not be processed");

    const long = `${"x".repeat(200)}.csv`;
    const cut = batchEmailSubject({ outcome: "completed", files: [done(long)], rows: 1, valid: 1 });
    expect(cut).toBe(`${"x".repeat(MAX_SUBJECT_FILE_NAME - 1)}…: 1 valid of 1`);
  });
});
