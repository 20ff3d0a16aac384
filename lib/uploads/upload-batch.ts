// An upload request becomes a batch: stream the files to storage, parse the
// options that came with them, then create the batch and queue its jobs. When the
// options are bad or the batch cannot be created, the stored files are removed.
// When the upload does not say which outcomes email the uploader, their upload
// default (notification preferences) does.
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { type BatchOptions, batchOptionsSchema, sheetChoiceSchema } from "../batches/batch-options";
import { createBatch } from "../batches/create-batch";
import { AppError } from "../errors";
import { log } from "../log";
import { uploadNotifyOnSchema } from "../notifications/preferences/notification-preferences";
import { loadPreferences } from "../notifications/preferences/preference-store";
import { discardUpload, parseUpload } from "./parse-upload";
import { refuseUnreadableFiles } from "./refuse-unreadable-files";
import { namesEmailContract, resolveEmailContract } from "./resolve-email-contract";

const uploadFieldsSchema = z.object({
  options: z.string().optional(),
  email_column: z.string().trim().max(200).optional(),
  // The dashboard form's sheet of a workbook; empty means the first.
  sheet: z.preprocess((value) => (value === "" ? undefined : value), sheetChoiceSchema.optional()),
  // The dashboard form's "Email me when done"; empty means "my default".
  notify_on: z.preprocess((value) => (value === "" ? undefined : value), uploadNotifyOnSchema.optional()),
  // The dashboard form's "Keep risky rows" checkbox (sent only when ticked); a script may say false.
  keep_risky: z.enum(["true", "on", "false"]).optional(),
});

async function parseOptions(fields: Record<string, string>, userId: string): Promise<BatchOptions> {
  const { options, email_column, notify_on, keep_risky, sheet } = uploadFieldsSchema.parse(fields);
  let json: unknown = {};
  if (options) {
    try {
      json = JSON.parse(options);
    } catch {
      throw new AppError("validation_failed", "The `options` part is not valid JSON.");
    }
  }
  const parsed = batchOptionsSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_failed", "The `options` part does not have the expected shape.", {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  // Defaults fill `notifications.email` in; whether the upload named it is read from the raw JSON.
  const choice = { explicit: namesEmailContract(json) ? parsed.data.notifications.email : undefined, formChoice: notify_on };
  const { uploadDefaults } = await loadPreferences(userId);
  const { email, source } = resolveEmailContract(choice, uploadDefaults.notifyOn);
  return {
    ...parsed.data,
    notifications: { ...parsed.data.notifications, email },
    notifications_source: source,
    // A form field names the column too; the JSON wins when both are given.
    email_column: parsed.data.email_column ?? (email_column || undefined),
    keep_risky: namesKey(json, "keep_risky") ? parsed.data.keep_risky : keep_risky === "true" || keep_risky === "on",
    sheet: parsed.data.sheet ?? sheet,
  };
}

function namesKey(json: unknown, key: string): boolean {
  return typeof json === "object" && json !== null && key in json;
}

/**
 * Stores the drop's files and creates their batch. Files that cannot hold a list (a PDF,
 * an image) are left out and come back in `refused`; when all are, nothing is created (415).
 */
export async function uploadBatch(boss: PgBoss, request: Request, { userId, source }: { userId: string; source: "dashboard" | "api" }) {
  const upload = await parseUpload(request);
  try {
    const options = await parseOptions(upload.fields, userId);
    const { accepted, refused } = await refuseUnreadableFiles(upload.files);
    if (refused.length > 0) log.info({ event: "upload.files_refused", uploadId: upload.uploadId, refused: refused.length, accepted: accepted.length });
    const batch = await createBatch(boss, {
      userId,
      source,
      options,
      files: accepted.map((file) => ({
        key: file.key,
        originalName: file.originalName,
        bytes: file.bytes,
        sha256: file.sha256,
        contentType: file.contentType || null,
      })),
    });
    return { batch, refused };
  } catch (error) {
    // Nothing half-stored: the files go when their batch does not come to be (bad
    // options, or the database away: a 503). A failed clean-up must not hide why.
    await discardUpload(upload).catch((cleanupError: unknown) => {
      log.error({ event: "upload.discard_failed", keyPrefix: upload.keyPrefix, err: cleanupError }, "could not remove the files of a failed upload");
    });
    throw error;
  }
}
