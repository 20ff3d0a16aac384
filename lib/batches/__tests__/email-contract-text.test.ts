import { describe, expect, it } from "vitest";
import type { Batch } from "../../db/generated/client";
import { batchOptionsSchema } from "../batch-options";
import { toBatchView } from "../batch-view";
import { describeEmailContract, notifyOnOf } from "../email-contract-text";

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
