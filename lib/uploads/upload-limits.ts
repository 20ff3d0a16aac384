// How much one upload may carry. Files and totals come from the settings; the small
// form fields next to the files (the `options` JSON and friends) have fixed caps.
import { type Env, env } from "../env";

export type UploadLimits = {
  /** Largest single file. */
  maxFileBytes: number;
  /** Files in one upload (one batch). */
  maxFiles: number;
  /** All files of one upload together. */
  maxBatchBytes: number;
  /** Largest non-file field, such as the `options` JSON. */
  maxFieldBytes: number;
  /** Non-file fields in one upload. */
  maxFields: number;
};

export const FIELD_LIMITS = { maxFieldBytes: 64 * 1024, maxFields: 20 } as const;

type UploadSettings = Pick<Env, "UPLOAD_MAX_FILE_BYTES" | "UPLOAD_MAX_FILES" | "UPLOAD_MAX_BATCH_BYTES">;

/** The limits this process is configured for. */
export function uploadLimits(settings: UploadSettings = env()): UploadLimits {
  return {
    maxFileBytes: settings.UPLOAD_MAX_FILE_BYTES,
    maxFiles: settings.UPLOAD_MAX_FILES,
    maxBatchBytes: settings.UPLOAD_MAX_BATCH_BYTES,
    ...FIELD_LIMITS,
  };
}

/** 52428800 → "50 MB", 1572864 → "1.5 MB", 65536 → "64 KB" (binary units, as people read them). */
export function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${trimDecimals(mb)} MB`;
  return `${trimDecimals(bytes / 1024)} KB`;
}

function trimDecimals(value: number): string {
  return String(Math.round(value * 10) / 10);
}
