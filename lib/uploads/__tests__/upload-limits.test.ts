import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../env";
import { formatSize, uploadLimits } from "../upload-limits";

const secret = () => "x".repeat(40);

describe("upload settings", () => {
  it("default to 50 MB per file, 20 files and 200 MB per upload, stored under $DATA_DIR/uploads", () => {
    const env = parseEnv({ DATA_DIR: "/srv/tidings" }, secret);
    expect(uploadLimits(env)).toEqual({
      maxFileBytes: 50 * 1024 * 1024,
      maxFiles: 20,
      maxBatchBytes: 200 * 1024 * 1024,
      maxFieldBytes: 64 * 1024,
      maxFields: 20,
    });
    expect(env.STORAGE_DIR).toBe(path.join("/srv/tidings", "uploads"));
  });

  it("follow the settings", () => {
    const env = parseEnv(
      { UPLOAD_MAX_FILE_BYTES: "1000", UPLOAD_MAX_FILES: "3", UPLOAD_MAX_BATCH_BYTES: "2000", STORAGE_DIR: "/mnt/uploads" },
      secret,
    );
    expect(uploadLimits(env)).toMatchObject({ maxFileBytes: 1000, maxFiles: 3, maxBatchBytes: 2000 });
    expect(env.STORAGE_DIR).toBe("/mnt/uploads");
  });

  it("refuse nonsense, and a file limit above the upload limit", () => {
    const problems = (source: Record<string, string>) => {
      try {
        parseEnv(source, secret);
        return [];
      } catch (error) {
        if (error instanceof EnvError) return error.problems;
        throw error;
      }
    };
    expect(problems({ UPLOAD_MAX_FILES: "0", UPLOAD_MAX_FILE_BYTES: "lots" })).toEqual([
      expect.stringMatching(/^UPLOAD_MAX_FILE_BYTES/),
      expect.stringMatching(/^UPLOAD_MAX_FILES/),
    ]);
    expect(problems({ UPLOAD_MAX_FILE_BYTES: "3000", UPLOAD_MAX_BATCH_BYTES: "2000" })).toEqual([
      expect.stringMatching(/^UPLOAD_MAX_FILE_BYTES: must not be larger than UPLOAD_MAX_BATCH_BYTES/),
    ]);
  });
});

describe("formatSize", () => {
  it.each([
    [50 * 1024 * 1024, "50 MB"],
    [1.5 * 1024 * 1024, "1.5 MB"],
    [64 * 1024, "64 KB"],
    [600 * 1024 * 1024, "600 MB"],
  ])("%d → %s", (bytes, expected) => {
    expect(formatSize(bytes)).toBe(expected);
  });
});
