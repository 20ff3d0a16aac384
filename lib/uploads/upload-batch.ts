// An upload request becomes a batch: stream the files to storage, parse the
// options that came with them, then create the batch and queue its jobs. When the
// options are bad or the batch cannot be created, the stored files are removed.
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { batchOptionsSchema } from "../batches/batch-options";
import { createBatch } from "../batches/create-batch";
import { AppError } from "../errors";
import { discardUpload, parseUpload } from "./parse-upload";

const uploadFieldsSchema = z.object({
  options: z.string().optional(),
  email_column: z.string().trim().max(200).optional(),
});

function parseOptions(fields: Record<string, string>) {
  const { options, email_column } = uploadFieldsSchema.parse(fields);
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
  // A form field names the column too; the JSON wins when both are given.
  return { ...parsed.data, email_column: parsed.data.email_column ?? (email_column || undefined) };
}

export async function uploadBatch(boss: PgBoss, request: Request, { userId, source }: { userId: string; source: "dashboard" | "api" }) {
  const upload = await parseUpload(request);
  try {
    const options = parseOptions(upload.fields);
    return await createBatch(boss, {
      userId,
      source,
      options,
      files: upload.files.map((file) => ({
        key: file.key,
        originalName: file.originalName,
        bytes: file.bytes,
        sha256: file.sha256,
        contentType: file.contentType || null,
      })),
    });
  } catch (error) {
    await discardUpload(upload);
    throw error;
  }
}
